namespace ChatBot.Tests.AppHost;

/// <summary>The README's PostgreSQL command: PostgreSQL and Redis (as programs here), two API replicas.</summary>
public sealed class PostgreSqlAppHost : IAsyncLifetime
{
    public RunningAppHost Run { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Run = await RunningAppHost.StartAsync("--Database", "PostgreSQL", "--ApiReplicas", "2");

    public ValueTask DisposeAsync() => Run?.DisposeAsync() ?? ValueTask.CompletedTask;
}
