using ChatBot.Data;
using Microsoft.Data.Sqlite;

namespace ChatBot.Tests.Infrastructure;

/// <summary>The real migration worker, run as its own process to completion.</summary>
public static class MigrationWorkerProcess
{
    /// <summary>A SQLite database the worker migrated, once in this run of the tests.</summary>
    private static readonly Lazy<Task<string>> MigratedSqlite = new(MigrateSqliteOnceAsync);

    public static async Task<(int ExitCode, string Output)> RunAsync(string connectionString)
    {
        await using var worker = ChildProcess.StartDotnet(
            "ChatBot.MigrationWorker",
            environment: new Dictionary<string, string> { ["ConnectionStrings__chatdb"] = connectionString });
        var exitCode = await worker.WaitForExitAsync(TimeSpan.FromMinutes(1));
        return (exitCode, worker.Output);
    }

    /// <summary>
    /// Migrates a database, as the worker does before the API starts. A new SQLite file is a copy of the one
    /// the worker migrated first in this run: the same tables and first key, without a process each time.
    /// </summary>
    public static async Task MigrateAsync(string connectionString)
    {
        var file = DatabaseProviders.Of(connectionString) == DatabaseProvider.Sqlite
            ? new SqliteConnectionStringBuilder(connectionString).DataSource
            : null;
        if (file is null || File.Exists(file))
        {
            await RunToSuccessAsync(connectionString);
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        File.Copy(await MigratedSqlite.Value, file);
    }

    private static async Task RunToSuccessAsync(string connectionString)
    {
        var (exitCode, output) = await RunAsync(connectionString);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"The migration worker failed with exit code {exitCode}:\n{output}");
        }
    }

    private static async Task<string> MigrateSqliteOnceAsync()
    {
        var folder = new TempDirectory();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => folder.Dispose();
        var file = folder.File("migrated.db");
        await RunToSuccessAsync($"Data Source={file}");

        // Everything in the file itself, none of it left in the write-ahead log, so that a copy of the file alone is whole.
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
        await checkpoint.ExecuteNonQueryAsync();
        return file;
    }
}
