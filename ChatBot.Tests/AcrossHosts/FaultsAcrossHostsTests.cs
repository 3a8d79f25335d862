using System.Diagnostics;
using ChatBot.Tests.Faults;
using ChatBot.Tests.Infrastructure;

namespace ChatBot.Tests.AcrossHosts;

/// <summary>
/// The delivery contract across machines, while the network between them fails: each fault strikes while people
/// chat one-to-one and in groups through both front ends, on devices spread over the replicas; then it heals, and
/// <see cref="ChatterScenario"/> checks every device's history and the database. One cluster for every fault, one
/// after another (xunit runs a class's tests in turn), after every other test: alone on the machine, as the
/// README's times of convergence are measured.
/// </summary>
[Collection(typeof(FaultsAcrossHostsTests))]
[CollectionDefinition(DisableParallelization = true)]
public sealed class FaultsAcrossHostsTests(ClusterOnHosts cluster) : IClassFixture<ClusterOnHosts>
{
    private static readonly TimeSpan Cut = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Frozen = TimeSpan.FromSeconds(8);
    private static readonly TimeSpan Settling = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Each person writes ten messages a second, and ten more are acknowledged before a fault and after it: enough to
    /// be caught in every fault, and a load that leaves the machine's other tests their share of it.
    /// </summary>
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(100);

    private const int WritesAroundAFault = 10;

    /// <summary>
    /// The default presence lease (15 s) and heartbeat (5 s): a lease lost in a fault is back within them; typing
    /// notices, sent anew, come through within them too.
    /// </summary>
    private static readonly TimeSpan PresenceSettling = TimeSpan.FromSeconds(20);

    [Fact]
    public Task AReplicaCutOffFromRedis() =>
        CutOffAsync("a replica cut off from Redis, 10 s", cluster.ReplicaHost(0), cluster.RedisHost);

    [Fact]
    public Task AReplicaCutOffFromPostgreSql() =>
        CutOffAsync("a replica cut off from PostgreSQL, 10 s", cluster.ReplicaHost(0), cluster.DatabaseHost);

    [Fact]
    public Task AFrontEndCutOffFromAReplica() =>
        CutOffAsync("a front end cut off from a replica, 10 s", cluster.FrontEndHost(0), cluster.ReplicaHost(0));

    [Fact]
    public Task AReplicaFrozen() => SurviveAsync(
        "a replica paused (SIGSTOP), 8 s",
        () =>
        {
            cluster.Replicas[1].Pause();
            return Task.CompletedTask;
        },
        Frozen,
        () =>
        {
            cluster.Replicas[1].Resume();
            return Task.CompletedTask;
        });

    [Fact]
    public Task PostgreSqlKilled() => SurviveAsync(
        "PostgreSQL killed (SIGKILL), started again on its data",
        () => cluster.Database.KillAsync(),
        TimeSpan.Zero,
        () => cluster.Database.RestartAsync());

    [Fact]
    public Task RedisRestartedEmpty() => SurviveAsync(
        "Redis killed, started again empty",
        () => cluster.Redis.KillAsync(),
        TimeSpan.Zero,
        () => cluster.Redis.RestartAsync());

    [Fact]
    public async Task EveryReplicaRestartedInTurn()
    {
        var stops = new List<(string Output, int ExitCode)>();
        var signInsRefused = new List<string>();
        await SurviveAsync(
            "a rolling restart of the three replicas",
            async () =>
            {
                for (var replica = 0; replica < cluster.Replicas.Length; replica++)
                {
                    var up = cluster.Replicas[(replica + 1) % cluster.Replicas.Length];
                    stops.Add(await cluster.RestartReplicaAsync(replica, () => SignInAtEachFrontEndAsync(up.Address, signInsRefused)));
                }
            },
            TimeSpan.Zero,
            () => Task.CompletedTask);

        // Each stopped as a deploy asks, cleanly; while one was down, the others took every sign-in.
        Assert.All(stops, stop => Assert.True(stop.ExitCode == 0, $"A replica stopped with exit code {stop.ExitCode}:\n{stop.Output}"));
        Assert.Empty(signInsRefused);
    }

    /// <summary>People sign in at each front end, as many as there are replicas: each front end tries each replica.</summary>
    private async Task SignInAtEachFrontEndAsync(Uri accounts, List<string> refused)
    {
        foreach (var frontEnd in cluster.FrontEnds)
        {
            for (var i = 0; i < cluster.Replicas.Length; i++)
            {
                if (await ClusterOnHosts.SignInRefusalAsync(frontEnd, await Accounts.CreateAsync(accounts, "deploy")) is { } refusal)
                {
                    refused.Add(refusal);
                }
            }
        }
    }

    [Fact]
    public Task AHostCutOff() => SurviveAsync(
        "a replica's host cut off (link down), 10 s",
        () => TestNetwork.SetLinkAsync(cluster.ReplicaHost(1), up: false),
        Cut,
        () => TestNetwork.SetLinkAsync(cluster.ReplicaHost(1), up: true));

    private Task CutOffAsync(string fault, TestHost from, TestHost to) =>
        SurviveAsync(fault, () => TestNetwork.CutAsync(from, to), Cut, () => TestNetwork.HealAsync(from, to));

    /// <summary>
    /// People write; the fault strikes and lasts; it heals; they write on until every device has had more messages
    /// acknowledged, then stop; every device must then show every acknowledged message once, in order, and presence
    /// and typing must be right again.
    /// </summary>
    private async Task SurviveAsync(string fault, Func<Task> strike, TimeSpan lasting, Func<Task> heal)
    {
        // Accounts are made at the last replica: the faults that take one away take another.
        await using var chatter = await ChatterScenario.StartThroughAsync(
            pairs: 3, groups: 1, groupSize: 3, cluster.Replicas[^1].Address, [.. cluster.FrontEnds.Select(f => f.Address)], Pace);
        await chatter.KeepWritingAsync(WritesAroundAFault);
        try
        {
            await strike();
            await Task.Delay(lasting, TestContext.Current.CancellationToken);
        }
        finally
        {
            await heal();
        }

        var sinceHealed = Stopwatch.StartNew();
        var presenceRight = RightAfterAsync(() => chatter.EveryoneShownOnlineAsync(PresenceSettling), sinceHealed);
        var typingRight = RightAfterAsync(() => chatter.EveryoneSeesTypingAsync(PresenceSettling), sinceHealed);
        await chatter.KeepWritingAsync(WritesAroundAFault);
        var figures = await chatter.SettleAsync(cluster.OpenDatabase, Settling);
        var converged = sinceHealed.Elapsed;
        TestContext.Current.TestOutputHelper!.WriteLine(
            $"{fault}: {figures}; every device converged {converged.TotalSeconds:0.0} s after healing, " +
            $"presence right {(await presenceRight).TotalSeconds:0.0} s after, typing {(await typingRight).TotalSeconds:0.0} s after");
        chatter.AssertContractKept(figures);
    }

    /// <summary>How long after healing the wait ended: presence or typing right again.</summary>
    private static async Task<TimeSpan> RightAfterAsync(Func<Task> waitUntilRight, Stopwatch sinceHealed)
    {
        await waitUntilRight();
        return sinceHealed.Elapsed;
    }
}
