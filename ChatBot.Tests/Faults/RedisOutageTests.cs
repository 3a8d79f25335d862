using ChatBot.Data;
using ChatBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Tests.Faults;

/// <summary>
/// Redis killed and restarted (empty) under two replicas while people on different replicas write to each
/// other: live delivery across replicas stops meanwhile, but nothing acknowledged is lost once clients
/// have caught up.
/// </summary>
[LongRunning]
public sealed class RedisOutageTests : IDisposable
{
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["RateLimits__SendPermitsPerSecond"] = "10000",
        ["RateLimits__SendBurst"] = "10000",
    };

    private readonly TempDirectory _data = new();

    [Fact]
    public async Task NothingAcknowledgedIsLostWhenRedisGoesAwayAndComesBack()
    {
        var database = $"Data Source={_data.File("chat.db")}";
        await MigrationWorkerProcess.MigrateAsync(database);
        await using var redis = await RedisServer.StartAsync();
        await using var replicaA = await ApiProcess.StartAsync(database, redis.ConnectionString, Settings);
        await using var replicaB = await ApiProcess.StartAsync(database, redis.ConnectionString, Settings);
        await using var chatter = await ChatterScenario.StartAsync(
            pairs: 3, replicaA.Address, person => person % 2 == 0 ? replicaA.Address : replicaB.Address);

        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        await redis.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        await redis.RestartAsync();
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        var figures = await chatter.SettleAsync(() => Open(database), TimeSpan.FromSeconds(60));

        TestContext.Current.TestOutputHelper!.WriteLine($"Redis down 2 s under two replicas: {figures}");
        chatter.AssertContractKept(figures);
        // The devices catch up by themselves; each replica's resync comes once its probe came back through Redis.
        await Poll.UntilAsync(
            () => new[] { replicaA, replicaB }.All(r => r.Output.Contains("The Redis backplane is back; asking", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "each replica to ask its connections to catch up once the backplane delivers again");
    }

    public void Dispose() => _data.Dispose();

    private static ChatDbContext Open(string connectionString) =>
        new(new DbContextOptionsBuilder<ChatDbContext>().UseSqlite(connectionString).Options);
}
