using ChatBot.ApiService.Search;
using ChatBot.Data;
using ChatBot.MigrationWorker.Migrations;
using ChatBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ChatBot.Tests.Migrations;

[LongRunning]
public sealed class MigrationWorkerTests(PostgreSqlChatApp postgres) : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task OnAnEmptyDatabaseTheWorkerAppliesEveryMigrationAndExitsZero()
    {
        var connectionString = $"Data Source={_directory.File("new/folder/chat.db")}";

        var (exitCode, output) = await MigrationWorkerProcess.RunAsync(connectionString);

        Assert.Equal(0, exitCode);
        await using var db = Open(connectionString);
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, await db.Messages.CountAsync(TestContext.Current.CancellationToken));
        Assert.Contains($"Applied {db.Database.GetMigrations().Count()} pending migration(s)", output, StringComparison.Ordinal);
        Assert.Equal("wal", (await db.Database.SqlQueryRaw<string>("PRAGMA journal_mode").ToListAsync(TestContext.Current.CancellationToken)).Single());
    }

    [Fact]
    public async Task OnAnEmptyPostgreSqlDatabaseTheWorkerAppliesThePostgreSqlMigrationsAndExitsZero()
    {
        var connectionString = postgres.Server.ConnectionString($"empty_{Guid.NewGuid():N}");

        var (exitCode, output) = await MigrationWorkerProcess.RunAsync(connectionString);

        Assert.Equal(0, exitCode);
        await using var db = Open(connectionString);
        Assert.True(db.Database.IsNpgsql());
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, await db.DataProtectionKeys.CountAsync(TestContext.Current.CancellationToken));
        Assert.Contains($"Applied {db.Database.GetMigrations().Count()} pending migration(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnACurrentDatabaseTheWorkerChangesNothingAndExitsZero()
    {
        var connectionString = $"Data Source={_directory.File("chat.db")}";
        await MigrationWorkerProcess.MigrateAsync(connectionString);
        await using (var db = Open(connectionString))
        {
            db.Users.Add(new ChatUser { UserName = "kept", NormalizedUserName = "KEPT", DisplayName = "Kept" });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var (exitCode, output) = await MigrationWorkerProcess.RunAsync(connectionString);

        Assert.Equal(0, exitCode);
        Assert.Contains("Applied 0 pending migration(s)", output, StringComparison.Ordinal);
        await using var after = Open(connectionString);
        Assert.Equal(["kept"], await after.Users.Select(u => u.UserName).ToListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WhenTheDatabaseCannotBeMigratedTheWorkerSaysSoAndExitsNonZero()
    {
        // A file where the database's folder should be: nothing can be created there.
        await File.WriteAllTextAsync(_directory.File("occupied"), "not a folder", TestContext.Current.CancellationToken);

        var (exitCode, output) = await MigrationWorkerProcess.RunAsync($"Data Source={_directory.File("occupied/chat.db")}");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Migrating the database failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAConnectionStringTheWorkerSaysWhatIsMissing()
    {
        var (exitCode, output) = await MigrationWorkerProcess.RunAsync("");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("The connection string 'chatdb' is not set", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSearchIndexIsBuiltForTheMessagesASqliteDatabaseHadBefore() =>
        await AssertExistingMessagesIndexedAsync($"Data Source={_directory.File("before-search.db")}");

    [Fact]
    public async Task TheSearchIndexIsBuiltForTheMessagesAPostgreSqlDatabaseHadBefore() =>
        await AssertExistingMessagesIndexedAsync(postgres.Server.ConnectionString($"before_search_{Guid.NewGuid():N}"));

    [Fact]
    public async Task ThePicturesASqliteDatabaseHadBeforeGetTheLengthsOfTheirCopies() =>
        await AssertPictureCopiesMeasuredAsync($"Data Source={_directory.File("before-lengths.db")}");

    [Fact]
    public async Task ThePicturesAPostgreSqlDatabaseHadBeforeGetTheLengthsOfTheirCopies() =>
        await AssertPictureCopiesMeasuredAsync(postgres.Server.ConnectionString($"before_lengths_{Guid.NewGuid():N}"));

    public void Dispose() => _directory.Dispose();

    /// <summary>
    /// A database at the migration before files knew their copies' lengths, with a picture whose thumbnail has two
    /// chunks and whose copy for the viewer has one, and a file that is no picture: migrated, the picture has both
    /// lengths, the other file none.
    /// </summary>
    private static async Task AssertPictureCopiesMeasuredAsync(string connectionString)
    {
        var (picture, document) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var before = Open(connectionString))
        {
            await MigrateToBeforeAsync(before, "_FilesInAFolder");
            var user = new ChatUser { UserName = "sender", NormalizedUserName = "SENDER", DisplayName = "Sender" };
            before.Users.Add(user);
            before.FileChunks.AddRange(
                new FileChunk { Key = "thumbnail", Index = 0, Data = new byte[FileChunk.Size] },
                new FileChunk { Key = "thumbnail", Index = 1, Data = new byte[7] },
                new FileChunk { Key = "preview", Index = 0, Data = new byte[123] });
            await before.SaveChangesAsync(TestContext.Current.CancellationToken);
            foreach (var (id, thumbnail, preview) in new[] { (picture, "thumbnail", "preview"), (document, null, null) })
            {
                await before.Database.ExecuteSqlAsync(
                    $"""
                    INSERT INTO "Files" ("Id", "OwnerId", "Name", "ContentType", "Length", "Sha256", "UploadedAt", "ThumbnailSha256", "PreviewSha256", "Position")
                    VALUES ({id}, {user.Id}, 'a', 'image/png', 1, 'original', {DateTimeOffset.UtcNow}, {thumbnail}, {preview}, 0)
                    """,
                    TestContext.Current.CancellationToken);
            }
        }

        // The migration's SQL, as the worker runs it (the worker itself is the other tests' subject).
        await using var db = Open(connectionString);
        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
        var lengths = await db.Files.OrderBy(f => f.Id == picture).Select(f => new { f.ThumbnailLength, f.PreviewLength }).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([new { ThumbnailLength = (long?)null, PreviewLength = (long?)null }, new { ThumbnailLength = (long?)(FileChunk.Size + 7), PreviewLength = (long?)123 }], lengths);
    }

    /// <summary>
    /// A database at the migration before the search index, with a live message, an edited one and its edit row, a
    /// deleted one and a group's event, all with the same word: after the worker, the index finds the live messages only.
    /// </summary>
    private static async Task AssertExistingMessagesIndexedAsync(string connectionString)
    {
        await using (var before = Open(connectionString))
        {
            await MigrateToBeforeAsync(before, "_MessageSearch");
            var user = new ChatUser { UserName = "kept", NormalizedUserName = "KEPT", DisplayName = "Kept" };
            var conversation = new Conversation { Id = Guid.NewGuid(), Kind = ConversationKind.Group, Name = "Lantern club", LastSeq = 5 };
            before.AddRange(user, conversation);
            var now = DateTimeOffset.UtcNow;
            before.Messages.AddRange(
                Row(1, MessageKind.GroupCreated, "Lantern club"),
                Row(2, MessageKind.Text, "a brass lantern", edited: now),
                Row(3, MessageKind.MessageEdited, "a brass lantern", target: 2),
                Row(4, MessageKind.Text, "", deleted: now),
                Row(5, MessageKind.Text, "the LANTERN is lit"));
            await before.SaveChangesAsync(TestContext.Current.CancellationToken);

            Message Row(long seq, MessageKind kind, string body, DateTimeOffset? edited = null, DateTimeOffset? deleted = null, long? target = null) => new()
            {
                ConversationId = conversation.Id, Seq = seq, Kind = kind, SenderId = user.Id, ClientMessageId = Guid.NewGuid(), Body = body,
                SentAt = now, EditedAt = edited, DeletedAt = deleted, TargetSeq = target,
            };
        }

        var (exitCode, output) = await MigrationWorkerProcess.RunAsync(connectionString);

        Assert.True(exitCode == 0, output);
        await using var db = Open(connectionString);
        var found = await FullTextIndex.Of(db).MatchingAsync(db, [new SearchTerm("lantern")], TestContext.Current.CancellationToken);
        var seqs = await db.Messages.Where(m => found.Any(hit => hit.Id == m.Id)).OrderBy(m => m.Seq).Select(m => m.Seq).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal([2L, 5L], seqs);
    }

    /// <summary>The database as it was just before the migration whose name ends with <paramref name="name"/>.</summary>
    private static async Task MigrateToBeforeAsync(ChatDbContext db, string name)
    {
        var migrations = db.Database.GetMigrations().ToList();
        await db.GetService<IMigrator>().MigrateAsync(migrations[migrations.FindIndex(m => m.EndsWith(name, StringComparison.Ordinal)) - 1],
            cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>The database through the context of its provider's migrations, as the worker has it.</summary>
    private static ChatDbContext Open(string connectionString)
    {
        var options = new DbContextOptionsBuilder<ChatDbContext>().UseChatDatabase(connectionString).Options;
        return DatabaseProviders.Of(connectionString) == DatabaseProvider.PostgreSql
            ? new PostgreSqlChatDbContext(options)
            : new SqliteChatDbContext(options);
    }
}
