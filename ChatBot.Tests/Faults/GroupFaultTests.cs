using ChatBot.Data;
using ChatBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Tests.Faults;

/// <summary>
/// The delivery contract for a group, with real processes: five people writing non-stop into one group over two
/// API replicas joined by Redis, and one replica killed (kill -9) mid-conversation, then started again. Every
/// member's device must show every acknowledged message once, in seq order, with no gap; on each database
/// (<see cref="OnSqlite"/>, <see cref="OnPostgreSql"/>), side by side.
/// </summary>
[LongRunning]
public abstract class GroupFaultTests(DatabaseProvider provider)
{
    private const int Members = 5;
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(40);


    public sealed class OnSqlite() : GroupFaultTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : GroupFaultTests(DatabaseProvider.PostgreSql);

    [Fact]
    public async Task EveryMemberOfAGroupOfFiveGetsEveryMessageOnceInOrderThoughAnApiReplicaIsKilled()
    {
        await using var setup = await GroupOnTwoReplicas.StartAsync(provider, Members, "member", "Through a crash", ApiProcess.NoSendQuota);
        var (replicas, people, group) = (setup.Replicas, setup.People, setup.Group);
        var devices = new List<ContractClient>();
        try
        {
            for (var i = 0; i < Members; i++)
            {
                devices.Add(await ContractClient.ConnectAsync(replicas[i % 2].Address, people[i].AccessToken, group));
            }

            using var stop = new CancellationTokenSource();
            var writing = WriteAsync(devices, group, stop.Token);
            await ContractClient.AcknowledgedMoreAsync(devices, ChatterScenario.WritesBetweenFaults);
            await setup.KillAndRestartFirstAsync();
            await ContractClient.AcknowledgedMoreAsync(devices, ChatterScenario.WritesBetweenFaults);
            await stop.CancelAsync();
            await writing;

            var timeout = TimeSpan.FromSeconds(60);
            await Poll.UntilAsync(() => devices.All(d => d.Unacknowledged == 0), timeout, "every message to be acknowledged");
            // The group's creation is seq 1; then every acknowledged message.
            var expected = devices.Sum(d => d.Acknowledged.Count) + 1;
            await Poll.UntilAsync(() => devices.All(d => d.Shown(group).Count >= expected), timeout, "every member to show every message");

            await using var db = setup.OpenDatabase();
            var stored = await db.Messages.Where(m => m.ConversationId == group).OrderBy(m => m.Seq)
                .Select(m => new { m.Seq, m.ClientMessageId }).ToListAsync(TestContext.Current.CancellationToken);
            var acknowledged = devices.SelectMany(d => d.Acknowledged).ToList();
            var output = TestContext.Current.TestOutputHelper!;
            output.WriteLine(
                $"{provider}, a group of {Members} over two API replicas, one killed mid-conversation: messages sent {devices.Sum(d => d.Sent)} " +
                $"({devices.Sum(d => d.SentOnReconnect)} from the outbox on a reconnect, {devices.Sum(d => d.RefusedForNow)} refused for now and sent again), " +
                $"acknowledged {acknowledged.Count}, stored {stored.Count - 1} (and the group's creation)");
            for (var i = 0; i < Members; i++)
            {
                var shown = devices[i].Shown(group);
                var lost = acknowledged.Count(a => shown.All(m => m.ClientMessageId != a.ClientMessageId));
                var duplicated = shown.Count - shown.Select(m => m.ClientMessageId).Distinct().Count();
                output.WriteLine($"  member {i + 1} (on replica {(i % 2 == 0 ? "A, killed" : "B")}): shown {shown.Count - 1}, lost {lost}, duplicated {duplicated}");
                Assert.Equal(0, lost);
                Assert.Equal(0, duplicated);
                Assert.Equal(stored.Select(m => m.Seq), shown.Select(m => m.Seq));
            }

            Assert.Equal(Enumerable.Range(1, acknowledged.Count + 1).Select(i => (long)i), stored.Select(m => m.Seq));
            Assert.Equal(stored.Skip(1).Select(m => m.ClientMessageId).Order(), acknowledged.Select(m => m.ClientMessageId).Order());
        }
        finally
        {
            foreach (var device in devices)
            {
                await device.DisposeAsync();
            }
        }
    }

    private static async Task WriteAsync(List<ContractClient> devices, Guid group, CancellationToken stop)
    {
        var sequence = 0;
        try
        {
            while (true)
            {
                sequence++;
                for (var i = 0; i < devices.Count; i++)
                {
                    if (devices[i].Unacknowledged < ChatterScenario.MostUnacknowledged)
                    {
                        devices[i].Send(group, $"member {i + 1} #{sequence}");
                    }
                }

                await Task.Delay(Pace, stop);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }
}
