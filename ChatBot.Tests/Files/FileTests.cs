using System.Data;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using ChatBot.ApiService.Files;
using ChatBot.Data;
using ChatBot.Tests.Groups;
using ChatBot.Tests.Infrastructure;
using ChatBot.Tests.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static ChatBot.ApiService.Refusals.RefusalCodes;

namespace ChatBot.Tests.Files;

/// <summary>
/// Files and pictures sent in a conversation: stored once, re-encoded before any browser renders them, served to
/// exactly those who see their message, and erased when nobody may fetch them any more. Run on each database,
/// and with the bytes in a folder.
/// </summary>
public abstract class FileTests(ChatApp app)
{
    public sealed class OnSqlite(ChatApp app) : FileTests(app);

    public sealed class OnPostgreSql(PostgreSqlChatApp app) : FileTests(app);

    public sealed class InAFolder(FilesInAFolderApp app) : FileTests(app), IClassFixture<FilesInAFolderApp>
    {
        /// <summary>
        /// The file on the disk is erased inside the sweep's transaction: it must wait for an upload that is keeping
        /// the same bytes, and then not erase them (here: it fails, and tried again it would see the new file).
        /// </summary>
        [Fact]
        public async Task TheSweepWaitsForAnUploadKeepingTheSameBytesAndDoesNotEraseThem()
        {
            var bytes = (FolderFileBytes)app.Api.Services.GetRequiredService<FileBytes>();
            var content = RandomNumberGenerator.GetBytes(1000);
            var key = Convert.ToHexStringLower(SHA256.HashData(content));
            var (first, second) = (StoredFile.UploadKey(Guid.NewGuid()), StoredFile.UploadKey(Guid.NewGuid()));
            await app.StoreBytesAsync(first, content);
            await app.StoreBytesAsync(second, content);
            await using var keeping = app.CreateDbContext();
            await using var erasing = app.CreateDbContext();
            await Serializably.RunAsync(keeping, () => bytes.KeepAsync(keeping, first, key, CancellationToken.None), CancellationToken.None);

            await using var keep = await keeping.Database.BeginTransactionAsync(IsolationLevel.Serializable, TestContext.Current.CancellationToken);
            await bytes.KeepAsync(keeping, second, key, TestContext.Current.CancellationToken);
            await using var erase = await erasing.Database.BeginTransactionAsync(IsolationLevel.Serializable, TestContext.Current.CancellationToken);
            var erased = bytes.EraseAsync(erasing, key, TestContext.Current.CancellationToken);
            await Poll.UntilAsync(() => WaitingForALockAsync(app), TimeSpan.FromSeconds(10), "the sweep waits for the upload");
            Assert.Equal(content, await File.ReadAllBytesAsync(bytes.PathOf(key), TestContext.Current.CancellationToken));
            await keep.CommitAsync(TestContext.Current.CancellationToken);

            // As a statement of the execution strategy's (the sweep's would begin again).
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => erased);
            Assert.Equal(PostgresErrorCodes.SerializationFailure, Assert.IsType<PostgresException>(refused.InnerException).SqlState);
            Assert.Equal(content, await File.ReadAllBytesAsync(bytes.PathOf(key), TestContext.Current.CancellationToken));
            Assert.Equal(0, await app.StoredBytesAsync(second));
        }

        /// <summary>
        /// What a process that died mid-keeping leaves in the folder, bytes renamed into their hash's place by a
        /// transaction that never ended, and an upload's bytes whose file is gone, are erased once old enough;
        /// bytes a file names, however old, and recent ones, are not.
        /// </summary>
        [Fact]
        public async Task TheSweepErasesOldBytesInTheFolderThatNoFileNames()
        {
            var bytes = (FolderFileBytes)app.Api.Services.GetRequiredService<FileBytes>();
            var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(0);
            await using var alices = await alice.ConnectAsync();
            var sent = await alice.UploadAsync("kept.pdf", FileCalls.Pdf(2000 + Random.Shared.Next(1000)));
            await alices.SendFilesAsync(conversation, "", [sent.Id]);
            var named = (await app.StoredFilesAsync(alice)).Single().Sha256!;
            var (stray, recent) = (RandomNumberGenerator.GetBytes(500), RandomNumberGenerator.GetBytes(500));
            var (strayKey, recentKey) = (Convert.ToHexStringLower(SHA256.HashData(stray)), Convert.ToHexStringLower(SHA256.HashData(recent)));
            var orphanedUpload = StoredFile.UploadKey(Guid.NewGuid());
            await app.StoreBytesAsync(orphanedUpload, stray);
            foreach (var (content, key) in new[] { (stray, strayKey), (recent, recentKey) })
            {
                var upload = StoredFile.UploadKey(Guid.NewGuid());
                await app.StoreBytesAsync(upload, content);
                await using var db = app.CreateDbContext();
                await using var keeping = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, TestContext.Current.CancellationToken);
                await bytes.KeepAsync(db, upload, key, TestContext.Current.CancellationToken);
            }

            foreach (var key in new[] { named, strayKey, orphanedUpload })
            {
                File.SetLastWriteTimeUtc(bytes.PathOf(key), DateTime.UtcNow.AddHours(-2));
            }

            await app.SweepFilesAsync();

            Assert.Equal((0L, 0L), (await app.StoredBytesAsync(strayKey), await app.StoredBytesAsync(orphanedUpload)));
            Assert.Equal(recent.Length, await app.StoredBytesAsync(recentKey));
            using var download = await bob.GetFileAsync(sent.Id);
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(sent.Length, await app.StoredBytesAsync(named));
        }

        private static async Task<bool> WaitingForALockAsync(ChatApp app)
        {
            await using var db = app.CreateDbContext();
            return await db.Database.SqlQuery<int>(
                $"SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
                .SingleAsync(TestContext.Current.CancellationToken) > 0;
        }
    }

    [Fact]
    public async Task APhotoIsSentReencodedWithoutItsMetadataAndTheOriginalStaysDownloadable()
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(0);
        await using var alices = await alice.ConnectAsync();
        await using var bobs = await bob.ConnectAsync();
        var photo = FileCalls.PhoneJpeg(width: 400, height: 300);
        Assert.Contains("SecretCam", Encoding.Latin1.GetString(photo), StringComparison.Ordinal);

        var uploaded = await alice.UploadAsync("holiday.jpg", photo);
        var sent = await alices.SendFilesAsync(conversation, "", [uploaded.Id]);

        // Its orientation applied: the sensor's 400 × 300 is shown 300 wide, 400 high.
        Assert.Equal(new FileDto(uploaded.Id, "holiday.jpg", "image/jpeg", photo.Length, 300, 400, true), uploaded);
        Assert.Equal("", sent.Body);
        Assert.Equal([uploaded], sent.Files!);
        Assert.Equivalent(sent, await bobs.Messages.WaitForAsync(m => m.Seq == sent.Seq), strict: true);
        Assert.Equal([uploaded], (await bob.GetMessagesAsync(conversation)).Single().Files);

        using var thumbnail = await bob.GetFileAsync(uploaded.Id, "/thumbnail");
        var thumbnailBytes = await thumbnail.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        Assert.Equal((HttpStatusCode.OK, "image/webp", "nosniff", null), (
            thumbnail.StatusCode, thumbnail.Content.Headers.ContentType?.MediaType,
            thumbnail.Headers.GetValues("X-Content-Type-Options").Single(), thumbnail.Content.Headers.ContentDisposition));
        Assert.Equal((300, 400), FileCalls.SizeOf(thumbnailBytes));
        Assert.Equal((true, true), (thumbnail.Headers.CacheControl!.Private, thumbnail.Headers.CacheControl.NoCache));
        using var again = await bob.GetFileAsync(uploaded.Id, "/thumbnail", r => r.Headers.IfNoneMatch.Add(thumbnail.Headers.ETag!));
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.DoesNotContain("SecretCam", Encoding.Latin1.GetString(thumbnailBytes), StringComparison.Ordinal);
        Assert.DoesNotContain("Exif", Encoding.Latin1.GetString(thumbnailBytes), StringComparison.Ordinal);

        using var original = await bob.GetFileAsync(uploaded.Id);
        Assert.Equal(photo, await original.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(("attachment", "holiday.jpg", "nosniff"), (
            original.Content.Headers.ContentDisposition?.DispositionType, original.Content.Headers.ContentDisposition?.FileNameStar,
            original.Headers.GetValues("X-Content-Type-Options").Single()));
    }

    [Fact]
    public async Task APictureLargerThanTheScreenIsShrunkForTheThumbnailAndTheViewer()
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(0);
        await using var alices = await alice.ConnectAsync();
        var uploaded = await alice.UploadAsync("wide.png", FileCalls.Png(3000, 1500));
        await alices.SendFilesAsync(conversation, "a wide one", [uploaded.Id]);

        using var thumbnail = await bob.GetFileAsync(uploaded.Id, "/thumbnail");
        using var preview = await bob.GetFileAsync(uploaded.Id, "/preview");

        Assert.Equal((2048, 1024, true), (uploaded.Width, uploaded.Height, uploaded.Picture));
        Assert.Equal((PictureEncoder.ThumbnailSize, 240), FileCalls.SizeOf(await thumbnail.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)));
        Assert.Equal((PictureEncoder.PreviewSize, 1024), FileCalls.SizeOf(await preview.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)));
    }

    [Fact]
    public async Task AnythingButAPictureIsOnlyEverAnAttachmentWhateverItsNameOrTypeSays()
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(0);
        await using var alices = await alice.ConnectAsync();
        var page = "<html><script>alert(document.cookie)</script></html>"u8.ToArray();
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>"u8.ToArray();
        using var claimed = new ByteArrayContent(page);
        claimed.Headers.ContentType = new MediaTypeHeaderValue("text/html");
        using var claimedResponse = await alice.PostFileAsync("page.html", claimed);
        var html = (await claimedResponse.Content.ReadFromJsonAsync<FileDto>(Json.Options, TestContext.Current.CancellationToken))!;
        var drawing = await alice.UploadAsync("logo.svg", svg);
        var report = await alice.UploadAsync("report.pdf", FileCalls.Pdf());
        var sent = await alices.SendFilesAsync(conversation, "three files", [report.Id, html.Id, drawing.Id]);

        // In the order the sender listed them, not the order they were uploaded in.
        Assert.Equal(["report.pdf", "page.html", "logo.svg"], sent.Files!.Select(f => f.Name));
        Assert.Equal(["report.pdf", "page.html", "logo.svg"], (await bob.GetMessagesAsync(conversation)).Single().Files!.Select(f => f.Name));
        Assert.Equal(
            [("application/octet-stream", false), ("application/octet-stream", false), ("application/pdf", false)],
            new[] { html, drawing, report }.Select(f => (f.ContentType, f.Picture)));
        foreach (var file in new[] { html, drawing, report })
        {
            using var download = await bob.GetFileAsync(file.Id);
            Assert.Equal((HttpStatusCode.OK, "application/octet-stream", "attachment", file.Name), (
                download.StatusCode, download.Content.Headers.ContentType?.MediaType,
                download.Content.Headers.ContentDisposition?.DispositionType, download.Content.Headers.ContentDisposition?.FileNameStar));
            using var inline = await bob.GetFileAsync(file.Id, "/preview");
            Assert.Equal(HttpStatusCode.NotFound, inline.StatusCode);
        }
    }

    [Fact]
    public async Task AFileIsServedOnlyToThoseWhoSeeItsMessage()
    {
        var ann = await app.CreateUserAsync("ann");
        var (ben, cat, dan, stranger) = (await app.CreateUserAsync("ben"), await app.CreateUserAsync("cat"), await app.CreateUserAsync("dan"), await app.CreateUserAsync("eve"));
        var group = (await ann.CreateGroupAsync("Files", ben, cat)).Id;
        await using var anns = await ann.ConnectAsync();
        var unsent = await ann.UploadAsync("draft.pdf", FileCalls.Pdf());
        var file = await ann.UploadAsync("minutes.pdf", FileCalls.Pdf(6000));
        await anns.SendFilesAsync(group, "the minutes", [file.Id]);
        await ann.AddMembersAsync(group, dan);
        await ann.RemoveMemberAsync(group, cat);

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(ben, file.Id));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(ann, file.Id));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(cat, file.Id));      // removed
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(dan, file.Id));      // joined after it
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(stranger, file.Id)); // never a member
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(ann, unsent.Id));    // not sent with any message
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(ben, Guid.NewGuid()));
    }

    [Fact]
    public async Task DeletingTheMessageHidesItsFilesAtOnceAndTheSweepErasesTheirBytes()
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(0);
        await using var alices = await alice.ConnectAsync();
        // Pixels of its own: a copy that another test's photo shares would rightly be kept.
        var picture = await alice.UploadAsync("cat.jpg", FileCalls.PhoneJpeg(blue: 41 + Random.Shared.Next(200)));
        var sent = await alices.SendFilesAsync(conversation, "my cat", [picture.Id]);
        var stored = (await app.StoredFilesAsync(alice)).Single();
        Assert.True(await app.StoredBytesAsync(stored.Sha256!) > 0);

        using var shown = await bob.GetFileAsync(picture.Id, "/thumbnail");

        await alices.DeleteAsync(conversation, sent.Seq);

        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(bob, picture.Id));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(bob, picture.Id, "/thumbnail"));
        // A browser that kept the thumbnail asks whether it still may have it: no.
        using var kept = await bob.GetFileAsync(picture.Id, "/thumbnail", r => r.Headers.IfNoneMatch.Add(shown.Headers.ETag!));
        Assert.Equal(HttpStatusCode.NotFound, kept.StatusCode);
        Assert.Null((await bob.GetMessagesAsync(conversation)).Single(m => m.Seq == sent.Seq).Files);
        await app.SweepFilesAsync();
        Assert.Empty(await app.StoredFilesAsync(alice));
        foreach (var key in new[] { stored.Sha256!, stored.ThumbnailSha256!, stored.PreviewSha256! })
        {
            Assert.Equal(0, await app.StoredBytesAsync(key));
        }
    }

    [Fact]
    public async Task TheSameBytesSentTwiceAreStoredOnceAndKeptWhileEitherIsSeen()
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(0);
        await using var alices = await alice.ConnectAsync();
        var bytes = FileCalls.Pdf(FileChunk.Size * 2 + 123); // three chunks
        bytes[100] = (byte)Random.Shared.Next(256);
        var first = await alice.UploadAsync("a.pdf", bytes);
        var second = await alice.UploadAsync("b.pdf", bytes);
        var firstMessage = await alices.SendFilesAsync(conversation, "once", [first.Id]);
        await alices.SendFilesAsync(conversation, "twice", [second.Id]);
        var key = (await app.StoredFilesAsync(alice)).Select(f => f.Sha256).Distinct().Single()!;
        Assert.Equal(bytes.Length, await app.StoredBytesAsync(key));

        await alices.DeleteAsync(conversation, firstMessage.Seq);
        await app.SweepFilesAsync();

        Assert.Equal(bytes.Length, await app.StoredBytesAsync(key));
        using var download = await bob.GetFileAsync(second.Id);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ADownloadServesTheRangeAskedForAcrossChunks()
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(0);
        await using var alices = await alice.ConnectAsync();
        var bytes = FileCalls.Pdf(FileChunk.Size + 1000);
        Random.Shared.NextBytes(bytes.AsSpan(10));
        var file = await alice.UploadAsync("big.pdf", bytes);
        await alices.SendFilesAsync(conversation, "", [file.Id]);
        var from = FileChunk.Size - 10;

        using var part = await bob.GetFileAsync(file.Id, request: r => r.Headers.Range = new RangeHeaderValue(from, from + 19));
        using var past = await bob.GetFileAsync(file.Id, request: r => r.Headers.Range = new RangeHeaderValue(bytes.Length + 5, null));

        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(bytes[from..(from + 20)], await part.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, past.StatusCode);
    }

    [Fact]
    public async Task AMessagesFilesAreTheSendersOwnUnsentUploadsAndGoWithItOnce()
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(0);
        await using var alices = await alice.ConnectAsync();
        await using var bobs = await bob.ConnectAsync();
        var file = await alice.UploadAsync("notes.pdf", FileCalls.Pdf());
        var bobsFile = await bob.UploadAsync("bobs.pdf", FileCalls.Pdf());
        var clientId = Guid.CreateVersion7();

        var sent = await alices.SendFilesAsync(conversation, "notes", [file.Id], clientId);
        var resent = await alices.SendFilesAsync(conversation, "notes", [file.Id], clientId);
        var again = await MessageChanges.RefusedAsync(() => alices.SendFilesAsync(conversation, "notes again", [file.Id]));
        var notHers = await MessageChanges.RefusedAsync(() => alices.SendFilesAsync(conversation, "bob's", [bobsFile.Id]));
        var unknown = await MessageChanges.RefusedAsync(() => alices.SendFilesAsync(conversation, "nothing", [Guid.NewGuid()]));

        Assert.Equivalent(sent, resent, strict: true);
        Assert.Equal([InvalidFile, InvalidFile, InvalidFile], new[] { again, notHers, unknown }.Select(r => r.Code));
        Assert.Equal(FileRefusals.NotSendable.Message, again.Message);
        Assert.Equal([sent.Seq], (await app.StoredRowsAsync(conversation)).Select(r => r.Seq));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(bob, file.Id));
        Assert.Equal([(conversation, (long?)sent.Seq)], (await app.StoredFilesAsync(alice)).Select(f => (f.ConversationId!.Value, f.MessageSeq)));
    }

    [Fact]
    public async Task AnUploadCutOffHalfWayLeavesNothingBehind()
    {
        var alice = await app.CreateUserAsync("alice");
        using var cut = new CancellationTokenSource();
        var body = new CutOffStream(FileChunk.Size * 3, cut);
        using var client = alice.CreateClient();

        var upload = client.PostAsync("/api/files?name=cut.pdf", new StreamContent(body), cut.Token);
        await Poll.UntilAsync(async () => (await app.StoredFilesAsync(alice)).Count == 1, TimeSpan.FromSeconds(10), "the upload began");
        var key = StoredFile.UploadKey((await app.StoredFilesAsync(alice)).Single().Id);
        await body.HalfWay.Task;
        await Poll.UntilAsync(async () => await app.StoredBytesAsync(key) > 0, TimeSpan.FromSeconds(10), "its first bytes were written");
        await cut.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upload);
        // Its chunks are erased first, then its row.
        await Poll.UntilAsync(async () => (await app.StoredFilesAsync(alice)).Count == 0, TimeSpan.FromSeconds(10), "the cut-off upload was erased");
        Assert.Equal(0, await app.StoredBytesAsync(key));
    }

    [Fact]
    public async Task TheSweepErasesUploadsThatAProcessLeftUnfinishedAndUploadsNeverSent()
    {
        var alice = await app.CreateUserAsync("alice");
        var (old, recent) = (Guid.CreateVersion7(), Guid.CreateVersion7());
        // The bytes are written before the rows that name them: the janitor's own sweep (at the API's start, then on
        // its timer) may run at any point here, and one between the two would erase the old row before its bytes came.
        foreach (var id in new[] { old, recent })
        {
            await app.StoreBytesAsync(StoredFile.UploadKey(id), [1, 2, 3]);
        }

        await using (var db = app.CreateDbContext())
        {
            foreach (var (id, age) in new[] { (old, TimeSpan.FromHours(2)), (recent, TimeSpan.Zero) })
            {
                db.Files.Add(new StoredFile
                {
                    Id = id, OwnerId = alice.Id, Name = "unfinished", ContentType = FileTypes.Unknown, UploadedAt = DateTimeOffset.UtcNow - age,
                });
            }

            db.Files.Add(new StoredFile
            {
                Id = Guid.CreateVersion7(), OwnerId = alice.Id, Name = "forgotten", ContentType = FileTypes.Unknown, Sha256 = new string('0', 64),
                UploadedAt = DateTimeOffset.UtcNow - TimeSpan.FromDays(2),
            });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        await app.SweepFilesAsync();

        Assert.Equal([recent], (await app.StoredFilesAsync(alice)).Select(f => f.Id));
        Assert.Equal((0, 3), (await app.StoredBytesAsync(StoredFile.UploadKey(old)), await app.StoredBytesAsync(StoredFile.UploadKey(recent))));
    }

    private static async Task<HttpStatusCode> StatusAsync(TestUser user, Guid file, string what = "")
    {
        using var response = await user.GetFileAsync(file, what);
        return response.StatusCode;
    }

    /// <summary>A body that sends half of its bytes, says so, then waits to be cut off: a browser closed mid-upload.</summary>
    private sealed class CutOffStream(int length, CancellationTokenSource cut) : Stream
    {
        private long _sent;

        public TaskCompletionSource HalfWay { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _sent; set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_sent >= length / 2)
            {
                HalfWay.TrySetResult();
                await Task.Delay(Timeout.Infinite, cut.Token);
            }

            var count = (int)Math.Min(buffer.Length, (length / 2) - _sent);
            buffer.Span[..count].Fill((byte)'%');
            _sent += count;
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
