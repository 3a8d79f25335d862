using System.Net;
using System.Text;
using ChatBot.ApiService.Files;
using ChatBot.ApiService.Messages;
using ChatBot.Data;
using ChatBot.Tests.Files;
using ChatBot.Tests.Infrastructure;
using ChatBot.Tests.Messages;
using static ChatBot.ApiService.Refusals.RefusalCodes;

namespace ChatBot.Tests.Security;

/// <summary>The bad inputs of files: uploads, downloads and messages naming files, each answered with the refusal meant for it.</summary>
public abstract partial class BadInputTests
{
    /// <summary>Uploads that cannot be stored and downloads of nothing one may see, each refused with its code and its words; nothing stored.</summary>
    private async Task<int> TryFilesAsync(TestUser user)
    {
        var badName = (int length) => Rule(HttpStatusCode.BadRequest, InvalidFile, $"A file's name has 1 to {StoredFile.MaxNameLength} characters; this one has {length}.");
        var folder = Rule(HttpStatusCode.BadRequest, InvalidFile, "A file's name cannot name a folder: no / or \\ in it.");
        var control = Rule(HttpStatusCode.BadRequest, InvalidFile, "A file's name cannot contain control characters or invisible formatting ones.");
        var empty = Rule(HttpStatusCode.BadRequest, InvalidFile, FileRefusals.Empty.Message);
        var notAPicture = Rule(HttpStatusCode.BadRequest, InvalidFile, FileRefusals.NotAPicture.Message);
        var bomb = Rule(HttpStatusCode.BadRequest, InvalidFile, FileRefusals.TooManyPixels(PictureEncoder.MaxPixels).Message);
        var notFound = Rule(HttpStatusCode.NotFound, NotFound, "File not found.");
        var photo = FileCalls.PhoneJpeg();
        var pdf = FileCalls.Pdf();
        List<(HttpMethod Method, string Path, byte[]? Body, bool Anonymous, Refused Refused)> requests =
        [
            .. new (string? Name, byte[] Body, Refused Refused)[]
            {
                (null, pdf, badName(0)), ("", pdf, badName(0)), ("   ", pdf, badName(0)), (new string('n', StoredFile.MaxNameLength + 1), pdf, badName(StoredFile.MaxNameLength + 1)),
                ("../etc/passwd", pdf, folder), ("a/b.pdf", pdf, folder), ("..\\boot.ini", pdf, folder), ("..", pdf, folder), (".", pdf, folder),
                ("bell\u0007.pdf", pdf, control), ("line\nbreak.pdf", pdf, control), ("nul\0.pdf", pdf, control), ("esc\u001b[31m.pdf", pdf, control),
                ("invoice\u202Efdp.exe", pdf, control), ("zero\u200Bwidth.pdf", pdf, control),
                ("nothing.pdf", [], empty), ("nothing.png", [], empty),
                ("report.png", pdf, notAPicture), ("page.jpg", "<html><script>alert(1)</script></html>"u8.ToArray(), notAPicture),
                ("drawing.webp", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"u8.ToArray(), notAPicture), ("IMAGE.JPEG", pdf, notAPicture),
                ("cut.jpg", photo[..(photo.Length / 2)], notAPicture), ("gif.gif", "GIF89a and no picture after it"u8.ToArray(), notAPicture),
                ("bomb.png", FileCalls.DecompressionBomb(), bomb), ("bomb.pdf", FileCalls.DecompressionBomb(), bomb),
            }.Select(upload => (HttpMethod.Post, upload.Name is null ? "/api/files" : $"/api/files?name={Uri.EscapeDataString(upload.Name)}", (byte[]?)upload.Body, false, upload.Refused)),
            (HttpMethod.Post, "/api/files?name=a.pdf", pdf, true, new Refused(HttpStatusCode.Unauthorized, Unauthenticated)),
            (HttpMethod.Get, $"/api/files/{Guid.NewGuid()}", null, false, notFound),
            (HttpMethod.Get, $"/api/files/{Guid.Empty}/thumbnail", null, false, notFound),
            (HttpMethod.Get, $"/api/files/{Guid.NewGuid()}/preview", null, false, notFound),
            (HttpMethod.Get, $"/api/files/{Guid.NewGuid()}", null, true, new Refused(HttpStatusCode.Unauthorized, Unauthenticated)),
            (HttpMethod.Get, "/api/files/not-a-guid", null, false, NoRoute),
            (HttpMethod.Get, $"/api/files/{Guid.NewGuid()}/original", null, false, NoRoute),
            (HttpMethod.Put, "/api/files?name=a.pdf", pdf, false, NotAllowed),
            (HttpMethod.Delete, $"/api/files/{Guid.NewGuid()}", null, false, NotAllowed),
        ];

        foreach (var (method, path, body, anonymous, refused) in requests)
        {
            using var client = anonymous ? app.CreateAnonymousClient() : user.CreateClient();
            using var response = await client.SendAsync(new HttpRequestMessage(method, path) { Content = body is null ? null : new ByteArrayContent(body) });
            await AssertRefusedAsync(response, refused, $"{method} {path[..Math.Min(80, path.Length)]}");
        }

        Assert.Empty(await app.StoredFilesAsync(user));
        return requests.Count;
    }

    /// <summary>Messages that name files they cannot carry, in a conversation of their own: refused, the files left as they were.</summary>
    private async Task<int> TrySendingFilesAsync(TestUser user, TestUser other)
    {
        var conversation = (await user.OpenConversationWithAsync(await app.CreateUserAsync("dora"))).Id;
        await using var device = await user.ConnectAsync();
        var mine = await user.UploadAsync("mine.pdf", FileCalls.Pdf());
        var theirs = await other.UploadAsync("theirs.pdf", FileCalls.Pdf());
        var sent = await user.UploadAsync("sent.pdf", FileCalls.Pdf());
        await device.SendFilesAsync(conversation, "with a file", [sent.Id]);
        var rowsBefore = (await app.StoredRowsAsync(conversation)).Count;
        var notSendable = $"{InvalidFile}: {FileRefusals.NotSendable.Message}";
        List<(Guid[] Files, string Body, string Answer)> sends =
        [
            ([theirs.Id], "someone else's", notSendable), ([sent.Id], "sent already", notSendable), ([Guid.NewGuid()], "no such file", notSendable),
            ([Guid.Empty], "the empty id", notSendable), ([mine.Id, theirs.Id], "one of two", notSendable),
            ([mine.Id, mine.Id], "twice the same", $"{InvalidFile}: {FileRefusals.RepeatedFile.Message}"),
            ([.. Enumerable.Range(0, StoredFile.MaxPerMessage + 1).Select(_ => Guid.NewGuid())], "too many", $"{InvalidFile}: {FileRefusals.TooManyFiles.Message}"),
            ([], "  ", $"{InvalidMessage}: A message cannot be empty."),
        ];

        foreach (var (files, body, expected) in sends)
        {
            var refusal = await MessageChanges.RefusedAsync(() => device.SendFilesAsync(conversation, body, files));
            Assert.True($"{refusal.Code}: {refusal.Message}" == expected, $"sending {body} was answered {refusal.Code}: {refusal.Message}, not {expected}");
        }

        Assert.Equal(rowsBefore, (await app.StoredRowsAsync(conversation)).Count);
        Assert.Equal([null], (await app.StoredFilesAsync(user)).Where(f => f.Id == mine.Id).Select(f => f.MessageSeq));
        return sends.Count;
    }
}
