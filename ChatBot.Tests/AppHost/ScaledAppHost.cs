namespace ChatBot.Tests.AppHost;

/// <summary>The AppHost with two API replicas, which brings Redis (redis-server from PATH) along.</summary>
public sealed class ScaledAppHost : IAsyncLifetime
{
    public RunningAppHost Run { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Run = await RunningAppHost.StartAsync("--ApiReplicas", "2");

    public ValueTask DisposeAsync() => Run?.DisposeAsync() ?? ValueTask.CompletedTask;
}
