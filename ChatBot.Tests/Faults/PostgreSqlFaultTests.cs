using ChatBot.Data;
using ChatBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Tests.Faults;

/// <summary>
/// The delivery contract on PostgreSQL, with real processes: API replicas killed, the database itself stopped
/// and restarted, replicas writing one conversation at once. Each test has a PostgreSQL server of its own, and
/// a class of its own: they run side by side.
/// </summary>
public abstract class PostgreSqlFaultTests
{
    /// <summary>How long PostgreSQL stays down.</summary>
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(2);

    [LongRunning]
    public sealed class ReplicasKilled : PostgreSqlFaultTests
    {
        [Fact]
        public async Task EveryAcknowledgedMessageIsStoredOnceThoughEachApiReplicaIsKilled()
        {
            await using var postgres = await PostgresServer.StartMigratedAsync();
            var database = postgres.ConnectionString(PostgresServer.MigratedDatabase);
            await using var redis = await RedisServer.StartAsync();
            int[] ports = [Ports.Free(), Ports.Free()];
            var replicas = await Task.WhenAll(ports.Select(port => StartReplicaAsync(database, redis, port)));
            try
            {
                await using var chatter = await ChatterScenario.StartAsync(
                    pairs: 3, replicas[0].Address, person => replicas[person % 2].Address);
                for (var kill = 0; kill < 2; kill++)
                {
                    await chatter.KeepWritingAsync();
                    var victim = kill % 2;
                    await replicas[victim].KillAsync();
                    await replicas[victim].DisposeAsync();
                    replicas[victim] = await StartReplicaAsync(database, redis, ports[victim]);
                }

                await chatter.KeepWritingAsync();
                var figures = await chatter.SettleAsync(() => Open(database), TimeSpan.FromSeconds(60));

                TestContext.Current.TestOutputHelper!.WriteLine($"PostgreSQL, two API replicas each killed once under load: {figures}");
                chatter.AssertContractKept(figures);
            }
            finally
            {
                foreach (var replica in replicas)
                {
                    await replica.DisposeAsync();
                }
            }
        }

    }

    [LongRunning]
    public sealed class DatabaseStopped : PostgreSqlFaultTests
    {
        [Fact]
        public async Task SendsRefusedWhilePostgreSqlIsDownGoAgainAndNothingIsLost()
        {
            await using var postgres = await PostgresServer.StartMigratedAsync();
            var database = postgres.ConnectionString(PostgresServer.MigratedDatabase);
            await using var api = await ApiProcess.StartAsync(database, settings: ApiProcess.NoSendQuota);
            await using var chatter = await ChatterScenario.StartAsync(pairs: 3, api.Address, _ => api.Address);

            await chatter.KeepWritingAsync();
            await postgres.StopAsync();
            await Task.Delay(Outage, TestContext.Current.CancellationToken);
            await postgres.RestartAsync();
            await chatter.KeepWritingAsync();
            var figures = await chatter.SettleAsync(() => Open(database), TimeSpan.FromSeconds(60));

            TestContext.Current.TestOutputHelper!.WriteLine(
                $"PostgreSQL stopped (immediate shutdown) for {Outage.TotalSeconds:0} s and restarted: {figures}");
            chatter.AssertContractKept(figures);
            Assert.True(figures.RefusedForNow > 0, "no send was refused while the database was down");
        }

    }

    [LongRunning]
    public sealed class OneConversationOnTwoReplicas : PostgreSqlFaultTests
    {
        [Fact]
        public async Task TwoReplicasWritingOneConversationAtOnceKeepItsSeqGaplessAndUnique()
        {
            const int devicesPerPerson = 8;
            const int messagesPerDevice = 60;
            await using var postgres = await PostgresServer.StartMigratedAsync();
            var database = postgres.ConnectionString(PostgresServer.MigratedDatabase);
            await using var replicaA = await ApiProcess.StartAsync(database, settings: ApiProcess.NoSendQuota);
            await using var replicaB = await ApiProcess.StartAsync(database, settings: ApiProcess.NoSendQuota);
            var alice = await Accounts.CreateAsync(replicaA.Address, "alice");
            var bob = await Accounts.CreateAsync(replicaA.Address, "bob");
            var conversation = (await alice.OpenConversationWithAsync(bob)).Id;
            var devices = new List<ChatConnection>();
            for (var i = 0; i < devicesPerPerson; i++)
            {
                devices.Add(await alice.ConnectAsync(i % 2 == 0 ? replicaA.Address : replicaB.Address));
                devices.Add(await bob.ConnectAsync(i % 2 == 0 ? replicaB.Address : replicaA.Address));
            }

            var acknowledged = await Task.WhenAll(devices.Select(async device =>
            {
                var seqs = new List<long>();
                for (var i = 0; i < messagesPerDevice; i++)
                {
                    seqs.Add((await device.SendAsync(conversation, $"message {i}")).Seq);
                }

                return seqs;
            }));

            await using var db = Open(database);
            var stored = await db.Messages.Where(m => m.ConversationId == conversation).OrderBy(m => m.Seq).Select(m => m.Seq)
                .ToListAsync(TestContext.Current.CancellationToken);
            var lastSeq = await db.Conversations.Where(c => c.Id == conversation).Select(c => c.LastSeq)
                .SingleAsync(TestContext.Current.CancellationToken);
            var total = devices.Count * messagesPerDevice;
            TestContext.Current.TestOutputHelper!.WriteLine(
                $"PostgreSQL, {devices.Count} devices on 2 replicas writing one conversation: messages sent {total}, " +
                $"acknowledged {acknowledged.Sum(a => a.Count)}, stored {stored.Count}, seq 1 to {stored.LastOrDefault()}, counter {lastSeq}");

            Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), stored);
            Assert.Equal(stored, acknowledged.SelectMany(a => a).Order());
            Assert.Equal(total, lastSeq);
            foreach (var device in devices)
            {
                await device.DisposeAsync();
            }
        }
    }

    private static Task<ApiProcess> StartReplicaAsync(string database, RedisServer redis, int port) =>
        ApiProcess.StartAsync(database, redis.ConnectionString, ApiProcess.NoSendQuota, port: port);

    private static ChatDbContext Open(string connectionString) =>
        new(new DbContextOptionsBuilder<ChatDbContext>().UseChatDatabase(connectionString).Options);
}
