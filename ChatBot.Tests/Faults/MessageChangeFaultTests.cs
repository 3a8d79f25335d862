using ChatBot.Data;
using ChatBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Tests.Faults;

/// <summary>
/// Edits, deletions and reactions through a crash, with real processes: three people in a group, each with a device
/// on each of two API replicas joined by Redis, sending, editing, deleting and reacting non-stop while one replica
/// is killed (kill -9) and started again. Afterwards every device of every member shows every message in the state
/// the database has it in: each edit applied once, deleted texts gone, the same reactions; on each database
/// (<see cref="OnSqlite"/>, <see cref="OnPostgreSql"/>), side by side.
/// </summary>
[LongRunning]
public abstract class MessageChangeFaultTests(DatabaseProvider provider)
{
    private const int People = 3;
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(50);

    private static readonly string[] Emoji = ["👍", "❤️", "😂"];

    /// <summary>No quota in the way of the writing: the quotas have tests of their own.</summary>
    private static readonly Dictionary<string, string> NoQuotas = new(ApiProcess.NoSendQuota)
    {
        ["RateLimits__HubMethods__EditMessage__PermitsPerSecond"] = "10000",
        ["RateLimits__HubMethods__EditMessage__Burst"] = "10000",
        ["RateLimits__HubMethods__DeleteMessage__PermitsPerSecond"] = "10000",
        ["RateLimits__HubMethods__DeleteMessage__Burst"] = "10000",
        ["RateLimits__HubMethods__ToggleReaction__PermitsPerSecond"] = "10000",
        ["RateLimits__HubMethods__ToggleReaction__Burst"] = "10000",
    };

    public sealed class OnSqlite() : MessageChangeFaultTests(DatabaseProvider.Sqlite);

    public sealed class OnPostgreSql() : MessageChangeFaultTests(DatabaseProvider.PostgreSql);

    [Fact]
    public async Task EveryDeviceShowsTheDatabasesStateOfEveryMessageThoughAnApiReplicaIsKilled()
    {
        await using var setup = await GroupOnTwoReplicas.StartAsync(provider, People, "changer", "Changes through a crash", NoQuotas);
        var (replicas, people, group) = (setup.Replicas, setup.People, setup.Group);
        var devices = new List<ContractClient>();
        try
        {
            foreach (var person in people)
            {
                foreach (var replica in replicas)
                {
                    devices.Add(await ContractClient.ConnectAsync(replica.Address, person.AccessToken, group));
                }
            }

            using var stop = new CancellationTokenSource();
            var writing = WriteAsync(devices, people, group, stop.Token);
            await ContractClient.AcknowledgedMoreAsync(devices, ChatterScenario.WritesBetweenFaults);
            await setup.KillAndRestartFirstAsync();
            await ContractClient.AcknowledgedMoreAsync(devices, ChatterScenario.WritesBetweenFaults);
            await stop.CancelAsync();
            await writing;

            var timeout = TimeSpan.FromSeconds(60);
            await Poll.UntilAsync(() => devices.All(d => d.Unacknowledged == 0), timeout, "every send and change to be acknowledged or refused");
            await using var db = setup.OpenDatabase();
            var lastSeq = await db.Conversations.Where(c => c.Id == group).Select(c => c.LastSeq).SingleAsync(TestContext.Current.CancellationToken);
            await Poll.UntilAsync(() => devices.All(d => d.Shown(group).Count == lastSeq), timeout, "every device to show every row");

            var rows = await db.Messages.Where(m => m.ConversationId == group).OrderBy(m => m.Seq).AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
            var reactions = await db.Reactions.Where(r => r.ConversationId == group).AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
            var messages = rows.Where(r => r.Kind == MessageKind.Text).ToList();
            var acknowledged = devices.SelectMany(d => d.Acknowledged.Concat(d.AcknowledgedChanges)).ToList();
            var storedIds = rows.Select(r => r.ClientMessageId).ToHashSet();
            var refused = devices.SelectMany(d => d.RefusedForGood).ToList();
            var lost = acknowledged.Count(a => !storedIds.Contains(a.ClientMessageId));
            var duplicated = rows.Count - storedIds.Count;
            var output = TestContext.Current.TestOutputHelper!;
            output.WriteLine(
                $"{provider}, {People} people with a device on each of two API replicas, one killed mid-conversation: sent {devices.Sum(d => d.Sent)} messages and " +
                $"{devices.Sum(d => d.ChangesSent)} changes ({devices.Sum(d => d.SentOnReconnect)} from the outbox on a reconnect); acknowledged " +
                $"{devices.Sum(d => d.Acknowledged.Count)} messages and {devices.Sum(d => d.AcknowledgedChanges.Count)} changes " +
                $"({rows.Count(r => r.Kind == MessageKind.MessageEdited)} edits, {rows.Count(r => r.Kind == MessageKind.MessageDeleted)} deletions, " +
                $"{rows.Count(r => r.Kind is MessageKind.ReactionAdded or MessageKind.ReactionRemoved)} reactions toggled); " +
                $"refused by a rule {refused.Count} ({string.Join(", ", refused.Distinct())}); stored {rows.Count - 1} (and the group's creation); " +
                $"lost {lost}, duplicated {duplicated}");
            Assert.Equal(0, lost);
            Assert.Equal(0, duplicated);
            Assert.All(refused, code => Assert.Equal("message_deleted", code));
            Assert.Equal(Enumerable.Range(1, rows.Count).Select(i => (long)i), rows.Select(r => r.Seq));
            Assert.Equal(rows.Skip(1).Select(r => r.ClientMessageId).Order(), acknowledged.Select(a => a.ClientMessageId).Order());

            for (var i = 0; i < devices.Count; i++)
            {
                var states = devices[i].States(group).ToDictionary(s => s.Seq);
                var (applied, alreadyIn) = devices[i].Folded(group);
                var wrong = messages.Count(m => !states.TryGetValue(m.Seq, out var state)
                    || state.Body != m.Body
                    || state.Deleted != (m.DeletedAt is not null)
                    || state.Edited != (m.EditedAt is not null)
                    || !state.ReactionPairs.Order().SequenceEqual(reactions.Where(r => r.MessageSeq == m.Seq).Select(r => (r.UserId, r.Emoji)).Order()));
                output.WriteLine(
                    $"  person {i / 2 + 1}'s device on replica {(i % 2 == 0 ? "A, killed" : "B")}: {states.Count} messages, " +
                    $"{applied} change rows applied, {alreadyIn} already in a message's state, {wrong} messages unlike the database");
                Assert.Equal(0, wrong);
                Assert.Equal(rows.Select(r => r.Seq), devices[i].Shown(group).Select(m => m.Seq));
            }

            Assert.All(rows.Where(r => r.Kind == MessageKind.MessageEdited && messages.Single(m => m.Seq == r.TargetSeq).DeletedAt is not null),
                edit => Assert.Equal("", edit.Body));
        }
        finally
        {
            foreach (var device in devices)
            {
                await device.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Each device, every tick: mostly a message, else a reaction to anyone's message, or an edit or a deletion of one of
    /// its own (acknowledged, and not deleted by it). Seeded: the same run each time, but for the timing.
    /// </summary>
    private static async Task WriteAsync(List<ContractClient> devices, IReadOnlyList<TestUser> people, Guid group, CancellationToken stop)
    {
        var random = new Random(7);
        var deleted = new HashSet<long>();
        var sequence = 0;
        try
        {
            while (true)
            {
                sequence++;
                for (var i = 0; i < devices.Count; i++)
                {
                    var device = devices[i];
                    if (device.Unacknowledged >= ChatterScenario.MostUnacknowledged)
                    {
                        continue;
                    }

                    var own = device.Acknowledged.Select(m => m.Seq).Where(seq => !deleted.Contains(seq)).ToList();
                    var anyone = devices.SelectMany(d => d.Acknowledged).Select(m => m.Seq).Where(seq => !deleted.Contains(seq)).ToList();
                    var roll = random.Next(100);
                    if (roll < 60 || anyone.Count == 0)
                    {
                        device.Send(group, $"{people[i / 2].UserName} on device {i % 2} #{sequence}");
                    }
                    else if (roll < 80)
                    {
                        device.React(group, anyone[random.Next(anyone.Count)], Emoji[random.Next(Emoji.Length)]);
                    }
                    else if (own.Count > 0 && roll < 92)
                    {
                        device.Edit(group, own[random.Next(own.Count)], $"edited #{sequence}");
                    }
                    else if (own.Count > 0)
                    {
                        var seq = own[random.Next(own.Count)];
                        deleted.Add(seq);
                        device.Delete(group, seq);
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
