using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace ChatBot.Data.MessageStores;

/// <summary>
/// Copies SQLite's write-ahead log into the database file every second, on a connection of its own and
/// without taking the write lock (a passive checkpoint). The message writer, which would otherwise do
/// this itself every thousand pages, never stops sending for it.
/// </summary>
/// <remarks>
/// SQLite writes the log from its start again only after a checkpoint has copied all of it, and while people
/// write, a passive one never catches up with the writer: the log would grow for as long as they do, and every
/// page it grows by is a new page the file system allocates and zeroes (a quarter of the API's CPU at 4,000
/// msgs/s). So once the log is longer than <see cref="FullAfterPages"/>, passive rounds copy it down to
/// <see cref="CloseEnoughPages"/> and a full checkpoint copies the rest: it holds the writer for those pages and
/// its fsync alone, and the next batch starts the log over (unless a reader is reading the log just then; a
/// restarting checkpoint would hold the writer until none is).
/// </remarks>
public sealed class WalCheckpointer(IConfiguration configuration) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>SQLite's own point for a checkpoint (4 MiB of 4 KiB pages).</summary>
    private const int FullAfterPages = 1000;

    /// <summary>Few enough pages not yet copied for the full checkpoint to copy them while it holds the writer.</summary>
    private const int CloseEnoughPages = 100;

    // SQLite works synchronously: the loop has a thread of its own rather than holding one of the pool's.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Checkpoint(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Checkpoint(CancellationToken stoppingToken)
    {
        Thread.CurrentThread.Name = "wal checkpoint";
        using var connection = new SqliteConnection(configuration.GetConnectionString(ChatDbContextRegistration.ConnectionName));
        connection.Open();
        using (var wait = connection.CreateCommand())
        {
            // A full checkpoint waits in SQLite for the writer's batch to end, rather than failing at once.
            wait.CommandText = "PRAGMA busy_timeout = 1000;";
            wait.ExecuteNonQuery();
        }

        using var passive = connection.CreateCommand();
        passive.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        using var full = connection.CreateCommand();
        full.CommandText = "PRAGMA wal_checkpoint(FULL);";
        while (!stoppingToken.WaitHandle.WaitOne(Interval))
        {
            var (log, copied) = Run(passive);
            if (log <= FullAfterPages)
            {
                continue;
            }

            // Copied without the lock while the writer keeps adding pages: each round copies what came during the last,
            // fewer every time, so that the full checkpoint holds the writer for a few pages and its fsync.
            for (var round = 0; round < 5 && log - copied > CloseEnoughPages; round++)
            {
                (log, copied) = Run(passive);
            }

            Run(full);
        }
    }

    /// <summary>Runs a checkpoint: the pages in the log, and how many of them are in the database file now.</summary>
    private static (long Log, long Copied) Run(SqliteCommand checkpoint)
    {
        using var result = checkpoint.ExecuteReader();
        return result.Read() ? (result.GetInt64(1), result.GetInt64(2)) : (0, 0);
    }
}
