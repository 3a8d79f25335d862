namespace ChatBot.Tests.AppHost;

/// <summary>The AppHost with no settings: SQLite, one API, no Redis; what the README's quick start runs.</summary>
public sealed class DefaultAppHost : IAsyncLifetime
{
    public RunningAppHost Run { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Run = await RunningAppHost.StartAsync();

    public ValueTask DisposeAsync() => Run?.DisposeAsync() ?? ValueTask.CompletedTask;
}
