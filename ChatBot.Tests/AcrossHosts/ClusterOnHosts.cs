using ChatBot.Data;
using ChatBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Tests.AcrossHosts;

/// <summary>
/// The chat as it runs across machines: PostgreSQL, Redis, three API replicas and two web front ends, each on a
/// test host of its own (<see cref="TestNetwork"/>), each listening on its host's address only, and configured by
/// the others' addresses as a deployment is: connection strings and the replicas' addresses by host, the replicas
/// believing forwarded headers from the front ends only.
/// </summary>
public sealed class ClusterOnHosts : IAsyncLifetime
{
    private static readonly string[] ReplicaHosts = ["api1", "api2", "api3"];
    private static readonly string[] FrontEndHosts = ["web1", "web2"];
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);

    /// <summary>What each replica and front end says of its start and stop, beside its warnings: a slow one says where it is.</summary>
    private static readonly KeyValuePair<string, string> LifetimeLogged = new("Logging__LogLevel__Microsoft.Hosting.Lifetime", "Information");

    public TestNetwork Network { get; private set; } = null!;

    public PostgresServer Database { get; private set; } = null!;

    public RedisServer Redis { get; private set; } = null!;

    public ApiProcess[] Replicas { get; } = new ApiProcess[ReplicaHosts.Length];

    public WebProcess[] FrontEnds { get; } = new WebProcess[FrontEndHosts.Length];

    public TestHost DatabaseHost => Network["database"];

    public TestHost RedisHost => Network["redis"];

    public TestHost ReplicaHost(int replica) => Network[ReplicaHosts[replica]];

    public TestHost FrontEndHost(int frontEnd) => Network[FrontEndHosts[frontEnd]];

    private string ConnectionString => Database.ConnectionString(PostgresServer.MigratedDatabase);

    public async ValueTask InitializeAsync()
    {
        // Each part is kept as soon as it is up: xunit disposes a fixture that failed to start, and it stops them.
        Network = await TestNetwork.CreateAsync(["database", "redis", .. ReplicaHosts, .. FrontEndHosts]);
        var database = PostgresServer.StartMigratedAsync(DatabaseHost);
        var redis = RedisServer.StartAsync(RedisHost);
        (Database, Redis) = (await database, await redis);
        await Task.WhenAll(ReplicaHosts.Select(async (_, i) => Replicas[i] = await StartReplicaAsync(i)));
        await Task.WhenAll(FrontEndHosts.Select(async (_, i) => FrontEnds[i] = await StartFrontEndAsync(i)));
        await UntilSignInsWorkAsync();
    }

    /// <summary>
    /// Ready once a sign-in works through each front end to each replica (the front ends take the replicas in turn):
    /// a process just started answers its health check long before its first sign-in is quick, and on a busy
    /// machine that first one may take longer than the front end waits.
    /// </summary>
    private async Task UntilSignInsWorkAsync()
    {
        var person = await Accounts.CreateAsync(Replicas[^1].Address, "ready");
        foreach (var frontEnd in FrontEnds)
        {
            for (var i = 0; i < Replicas.Length; i++)
            {
                await Poll.UntilAsync(
                    async () => await SignInRefusalAsync(frontEnd, person) is null, ReadyTimeout, $"a sign-in through {frontEnd.Address} to work");
            }
        }
    }

    /// <summary>Signs the person in through the front end, as a browser; null when it worked, else why not.</summary>
    public static async Task<string?> SignInRefusalAsync(WebProcess frontEnd, TestUser person)
    {
        using var session = new WebSession(frontEnd.Address);
        try
        {
            await session.LogInAsync(person.UserName, person.Password);
            return null;
        }
        catch (InvalidOperationException refused)
        {
            return $"at {frontEnd.Address}: {refused.Message}";
        }
    }

    /// <summary>A deploy's step: the replica stops gracefully (kill -TERM) and starts again on its host.</summary>
    /// <param name="whileDown">What happens once it has stopped, before it starts again.</param>
    /// <returns>What it said as it stopped, and its exit code.</returns>
    public async Task<(string Output, int ExitCode)> RestartReplicaAsync(int replica, Func<Task> whileDown)
    {
        try
        {
            var exitCode = await Replicas[replica].StopAsync(StopTimeout);
            await whileDown();
            return (Replicas[replica].Output, exitCode);
        }
        finally
        {
            await Replicas[replica].DisposeAsync();
            Replicas[replica] = await StartReplicaAsync(replica);
        }
    }

    /// <summary>
    /// The database as the checker reads it: on a connection of its own each time, never one pooled from before a
    /// fault (PostgreSQL killed ends every connection it had).
    /// </summary>
    public ChatDbContext OpenDatabase() =>
        new(new DbContextOptionsBuilder<ChatDbContext>().UseChatDatabase($"{ConnectionString};Pooling=false").Options);

    public async ValueTask DisposeAsync()
    {
        IAsyncDisposable?[] parts = [.. FrontEnds, .. Replicas, Redis, Database];
        foreach (var part in parts)
        {
            if (part is not null)
            {
                await part.DisposeAsync();
            }
        }

        if (Network is not null)
        {
            await Network.DisposeAsync();
        }
    }

    private Task<ApiProcess> StartReplicaAsync(int replica)
    {
        // The name the front ends call it by: its address.
        var settings = new Dictionary<string, string>(ApiProcess.NoSendQuota)
        {
            ["AllowedHosts"] = ReplicaHost(replica).Address.ToString(),
            [LifetimeLogged.Key] = LifetimeLogged.Value,
        };
        foreach (var (frontEnd, i) in FrontEndHosts.Select((_, i) => (FrontEndHost(i), i)))
        {
            settings[$"ForwardedHeaders__KnownProxies__{i}"] = frontEnd.Address.ToString();
        }

        return ApiProcess.StartAsync(ConnectionString, Redis.ConnectionString, settings, host: ReplicaHost(replica));
    }

    private Task<WebProcess> StartFrontEndAsync(int frontEnd)
    {
        var settings = new Dictionary<string, string>
        {
            ["AllowedHosts"] = FrontEndHost(frontEnd).Address.ToString(),
            ["ConnectionStrings__cache"] = Redis.ConnectionString,
            [LifetimeLogged.Key] = LifetimeLogged.Value,
        };
        foreach (var (replica, i) in ReplicaHosts.Select((_, i) => (ReplicaHost(i), i)))
        {
            settings[$"services__apiservice__http__{i}"] = replica.Url(ApiProcess.PortOnAHost).ToString();
        }

        return WebProcess.StartAsync(settings, FrontEndHost(frontEnd));
    }
}
