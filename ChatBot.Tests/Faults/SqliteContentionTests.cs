using ChatBot.Data;
using ChatBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Tests.Faults;

/// <summary>Two API processes writing one SQLite file as fast as their senders can go.</summary>
[LongRunning]
public sealed class SqliteContentionTests : IDisposable
{
    private const int Pairs = 8;
    private const int MessagesPerSender = 60;

    private readonly TempDirectory _data = new();

    [Fact]
    public async Task ManyConcurrentSendersGetNoDatabaseErrorAndEveryRowIsThere()
    {
        var database = $"Data Source={_data.File("chat.db")}";
        await MigrationWorkerProcess.MigrateAsync(database);
        await using var replicaA = await ApiProcess.StartAsync(database, settings: ApiProcess.NoSendQuota);
        await using var replicaB = await ApiProcess.StartAsync(database, settings: ApiProcess.NoSendQuota);
        var senders = await Accounts.ConnectPairsAsync(replicaA.Address, Pairs, replicaA.Address, replicaB.Address);

        var failures = 0;
        var acknowledged = await Task.WhenAll(senders.Select(async sender =>
        {
            var stored = 0;
            for (var i = 0; i < MessagesPerSender; i++)
            {
                try
                {
                    await sender.Device.SendAsync(sender.Conversation, $"message {i}");
                    stored++;
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref failures);
                }
            }

            return stored;
        }));

        await using var db = new ChatDbContext(new DbContextOptionsBuilder<ChatDbContext>().UseSqlite(database).Options);
        var rows = await db.Messages.GroupBy(m => m.ConversationId)
            .Select(g => new { Count = g.Count(), MaxSeq = g.Max(m => m.Seq), Distinct = g.Select(m => m.Seq).Distinct().Count() })
            .ToListAsync(TestContext.Current.CancellationToken);
        TestContext.Current.TestOutputHelper!.WriteLine(
            $"{senders.Count} senders on 2 processes: messages sent {senders.Count * MessagesPerSender}, acknowledged {acknowledged.Sum()}, " +
            $"stored {rows.Sum(r => r.Count)}, errors {failures}");

        Assert.Equal(0, failures);
        Assert.Equal(senders.Count * MessagesPerSender, acknowledged.Sum());
        Assert.Equal(Pairs, rows.Count);
        Assert.All(rows, r => Assert.Equal((2 * MessagesPerSender, 2L * MessagesPerSender, 2 * MessagesPerSender), (r.Count, r.MaxSeq, r.Distinct)));
        Assert.DoesNotContain("database is locked", replicaA.Output + replicaB.Output, StringComparison.OrdinalIgnoreCase);
        foreach (var (device, _) in senders)
        {
            await device.DisposeAsync();
        }
    }

    public void Dispose() => _data.Dispose();
}
