using ChatBot.Tests.Infrastructure;
using StackExchange.Redis;

namespace ChatBot.Tests.Faults;

/// <summary>
/// A replica whose Redis connection comes back without its subscriptions (StackExchange.Redis sends none
/// when the subscription connection returns before the other one): its connections are asked to catch up
/// only once the backplane delivers to it again, so what was sent to them in between is not lost.
/// </summary>
[LongRunning]
public sealed class BackplaneSubscriptionTests : IDisposable
{
    private const string ReplicaAName = "replica-a";

    private readonly TempDirectory _data = new();

    [Fact]
    public async Task WhatIsSentWhileARestoredConnectionLacksItsSubscriptionsIsCaughtUpOnOnceItHasThem()
    {
        var database = $"Data Source={_data.File("chat.db")}";
        await MigrationWorkerProcess.MigrateAsync(database);
        await using var redis = await RedisServer.StartAsync();
        await using var replicaA = await ApiProcess.StartAsync(database, $"{redis.ConnectionString},name={ReplicaAName}");
        await using var replicaB = await ApiProcess.StartAsync(database, redis.ConnectionString);
        var alice = await Accounts.CreateAsync(replicaA.Address, "alice");
        var bob = await Accounts.CreateAsync(replicaA.Address, "bob");
        var conversation = (await alice.OpenConversationWithAsync(bob)).Id;
        await using var aliceOnA = await ContractClient.ConnectAsync(replicaA.Address, alice.AccessToken, conversation);
        await using var bobOnB = await ChatConnection.ConnectAsync(replicaB.Address, bob.AccessToken);
        await bobOnB.SendAsync(conversation, "while all is well");
        await Poll.UntilAsync(() => aliceOnA.Shown(conversation).Count == 1, TimeSpan.FromSeconds(15), "Alice to be shown the first message");
        await using var control = await ConnectRedisControlAsync(redis);
        var server = control.GetServer(control.GetEndPoints()[0]);
        var newest = (await server.ClientListAsync()).Max(c => c.Id);

        // Subscriptions refused while the subscription connections come back: replica A's returns without them.
        await server.ExecuteAsync("ACL", "SETUSER", "default", "-subscribe");
        await server.ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
        await Poll.UntilAsync(
            async () => (await server.ClientListAsync()).Any(c => c.Id > newest && c.Name == ReplicaAName && c.LastCommand is "subscribe" or "ping"),
            TimeSpan.FromSeconds(15),
            "replica A's subscription connection to be back and to have asked for its subscriptions");
        var sent = await bobOnB.SendAsync(conversation, "while replica A has no subscriptions");
        // Allowed again once replica A has found that the backplane does not deliver to it, the case under test;
        // allowed before, its first probe may come after the subscriptions are back, and find nothing amiss.
        await Poll.UntilAsync(
            () => replicaA.Output.Contains("does not deliver to this replica yet", StringComparison.Ordinal),
            TimeSpan.FromSeconds(15), "replica A to find that the backplane does not deliver to it");
        await server.ExecuteAsync("ACL", "SETUSER", "default", "+subscribe");

        await Poll.UntilAsync(() => aliceOnA.Shown(conversation).Count == 2, TimeSpan.FromSeconds(15), "Alice to be shown what Bob sent meanwhile");
        Assert.Equal(sent.Seq, aliceOnA.Shown(conversation)[^1].Seq);
    }

    public void Dispose() => _data.Dispose();

    /// <summary>A connection of the test's own to Redis, for its admin commands; it subscribes to nothing, so it outlives the kill.</summary>
    private static Task<ConnectionMultiplexer> ConnectRedisControlAsync(RedisServer redis)
    {
        var options = ConfigurationOptions.Parse(redis.ConnectionString);
        options.AllowAdmin = true;
        options.CommandMap = CommandMap.Create(["SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE"], available: false);
        return ConnectionMultiplexer.ConnectAsync(options);
    }
}
