using ChatBot.Tests.Infrastructure;
using ChatBot.Web.Pages;

namespace ChatBot.Tests.ScaleOut;

/// <summary>
/// Two API replicas as processes on one database, coherent through a real redis-server, behind two web
/// front ends that share their keys there. Presence renews and lapses fast (<see cref="PresenceHeartbeat"/>,
/// <see cref="PresenceTimeout"/>), so a dead replica's users go offline fast.
/// </summary>
public sealed class ScaledOutApp : IAsyncLifetime
{
    public static readonly TimeSpan PresenceHeartbeat = TimeSpan.FromSeconds(0.5);

    public static readonly TimeSpan PresenceTimeout = TimeSpan.FromSeconds(2);

    public static readonly IReadOnlyDictionary<string, string> FastPresence = new Dictionary<string, string>
    {
        ["Presence__HeartbeatInterval"] = PresenceHeartbeat.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        ["Presence__Timeout"] = PresenceTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
    };

    private readonly TempDirectory _data = new();

    public string ConnectionString => $"Data Source={_data.File("chat.db")}";

    public RedisServer Redis { get; private set; } = null!;

    public ApiProcess ReplicaA { get; private set; } = null!;

    public ApiProcess ReplicaB { get; private set; } = null!;

    public LoopbackServer<IndexModel> Web { get; private set; } = null!;

    /// <summary>A second front end, as on another machine behind the same load balancer.</summary>
    public WebProcess OtherWeb { get; private set; } = null!;

    public Task<TestUser> CreateUserAsync(string prefix) => Accounts.CreateAsync(ReplicaA.Address, prefix);

    public async ValueTask InitializeAsync()
    {
        await MigrationWorkerProcess.MigrateAsync(ConnectionString);
        Redis = await RedisServer.StartAsync();
        // Together, as an orchestrator starts replicas: they must still share one Data Protection key ring.
        var replicas = await Task.WhenAll(StartReplicaAsync(), StartReplicaAsync());
        (ReplicaA, ReplicaB) = (replicas[0], replicas[1]);
        var frontEnd = new Dictionary<string, string>
        {
            ["services__apiservice__http__0"] = ReplicaA.Address.ToString(),
            ["services__apiservice__http__1"] = ReplicaB.Address.ToString(),
            ["ConnectionStrings__cache"] = Redis.ConnectionString,
        };
        Web = new LoopbackServer<IndexModel>(frontEnd.ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), s => (string?)s.Value));
        OtherWeb = await WebProcess.StartAsync(frontEnd);
    }

    /// <summary>Another replica of the same app, for a test that kills it.</summary>
    public Task<ApiProcess> StartReplicaAsync() => ApiProcess.StartAsync(ConnectionString, Redis.ConnectionString, FastPresence);

    public async ValueTask DisposeAsync()
    {
        foreach (var part in new IAsyncDisposable?[] { Web, OtherWeb, ReplicaA, ReplicaB, Redis })
        {
            if (part is not null)
            {
                await part.DisposeAsync();
            }
        }

        _data.Dispose();
    }
}
