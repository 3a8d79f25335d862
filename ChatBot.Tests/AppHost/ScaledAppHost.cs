namespace ChatBot.Tests.AppHost;

/// <summary>The AppHost with two API replicas, which brings Redis (redis-server from PATH) along.</summary>
public sealed class ScaledAppHost : IAsyncLifetime
{
    public const int ApiReplicas = 2;

    public RunningAppHost Run { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Run = await RunningAppHost.StartAsync("--ApiReplicas", ApiReplicas.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public ValueTask DisposeAsync() => Run?.DisposeAsync() ?? ValueTask.CompletedTask;
}
