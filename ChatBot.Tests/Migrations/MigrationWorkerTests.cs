using ChatBot.Data;
using ChatBot.MigrationWorker.Migrations;
using ChatBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

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

    public void Dispose() => _directory.Dispose();

    /// <summary>The database through the context of its provider's migrations, as the worker has it.</summary>
    private static ChatDbContext Open(string connectionString)
    {
        var options = new DbContextOptionsBuilder<ChatDbContext>().UseChatDatabase(connectionString).Options;
        return DatabaseProviders.Of(connectionString) == DatabaseProvider.PostgreSql
            ? new PostgreSqlChatDbContext(options)
            : new SqliteChatDbContext(options);
    }
}
