using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace ChatBot.Data.MessageStores;

/// <summary>
/// Copies SQLite's write-ahead log into the database file every second, on a connection of its own and
/// without taking the write lock (a passive checkpoint). The message writer, which would otherwise do
/// this itself every thousand pages, never stops sending for it.
/// </summary>
public sealed class WalCheckpointer(IConfiguration configuration) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    // SQLite works synchronously: the loop has a thread of its own rather than holding one of the pool's.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Checkpoint(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Checkpoint(CancellationToken stoppingToken)
    {
        Thread.CurrentThread.Name = "wal checkpoint";
        using var connection = new SqliteConnection(configuration.GetConnectionString(ChatDbContextRegistration.ConnectionName));
        connection.Open();
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        while (!stoppingToken.WaitHandle.WaitOne(Interval))
        {
            checkpoint.ExecuteNonQuery();
        }
    }
}
