using ChatBot.Tests.Infrastructure;

namespace ChatBot.Tests.AppHost;

/// <summary>The AppHost's scaled topology: redis-server and two API replicas, each at its own address.</summary>
public sealed partial class ScaledTopologyTests(ScaledAppHost host) : IClassFixture<ScaledAppHost>
{
    private RunningAppHost App => host.Run;

    [Fact]
    public async Task AMessageSentThroughOneReplicaReachesAPersonOnTheOther()
    {
        var (first, second) = (App.EndpointOf("apiservice-1"), App.EndpointOf("apiservice-2"));
        var alice = await Accounts.CreateAsync(first, "alice");
        var bob = await Accounts.CreateAsync(first, "bob");
        var conversation = (await alice.OpenConversationWithAsync(bob)).Id;
        await using var aliceOnFirst = await alice.ConnectAsync(first);
        await using var bobOnSecond = await bob.ConnectAsync(second);

        var sent = await aliceOnFirst.SendAsync(conversation, "from one replica to the other");

        Assert.NotEqual(first, second);
        Assert.Equal(sent, await bobOnSecond.Messages.WaitForAsync(m => m.Seq == sent.Seq));
    }

    [Fact]
    public async Task RedisRunsAsAProgramAndBothReplicasAreHealthy()
    {
        var cache = await App.WaitForAsync("cache", s => s.State?.Text == "Running");
        var replicas = await Task.WhenAll(
            App.WaitForAsync("apiservice-1", s => s.HealthStatus is not null),
            App.WaitForAsync("apiservice-2", s => s.HealthStatus is not null));

        Assert.Equal("Executable", cache.ResourceType);
        Assert.All(replicas, r => Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, r.HealthStatus));
    }
}
