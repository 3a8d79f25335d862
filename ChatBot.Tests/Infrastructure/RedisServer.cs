using System.Globalization;

namespace ChatBot.Tests.Infrastructure;

/// <summary>A real redis-server on a free loopback port, nothing written to disk; stopped by its PID.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private ChildProcess? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static async Task<RedisServer> StartAsync()
    {
        var redis = new RedisServer(Ports.Free());
        await redis.StartAsync(TimeSpan.FromSeconds(10));
        return redis;
    }

    /// <summary>kill -9: every connection drops, as when Redis crashes.</summary>
    public async Task KillAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    /// <summary>Starts again on the same port, empty: what a Redis without persistence comes back as.</summary>
    public Task RestartAsync() => StartAsync(TimeSpan.FromSeconds(10));

    public ValueTask DisposeAsync() => _process?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task StartAsync(TimeSpan timeout)
    {
        _process = ChildProcess.Start(
            Environment.GetEnvironmentVariable("REDIS_SERVER_PATH") ?? "redis-server",
            ["--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
        await _process.WaitForOutputAsync("Ready to accept connections", timeout);
    }
}
