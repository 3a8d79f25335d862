using System.Globalization;
using ChatBot.AppHost.Topology;

namespace ChatBot.Tests.Infrastructure;

/// <summary>
/// A real redis-server on a free loopback port, started as the AppHost starts it (<see cref="RedisServerResource"/>):
/// nothing written to disk. Stopped by its PID.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);

    private ChildProcess? _process;

    private RedisServer(int port) => Port = port;

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static async Task<RedisServer> StartAsync()
    {
        var redis = new RedisServer(Ports.Free());
        await redis.StartAsync(StartTimeout);
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
    public Task RestartAsync() => StartAsync(StartTimeout);

    public ValueTask DisposeAsync() => _process?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task StartAsync(TimeSpan timeout)
    {
        _process = ChildProcess.Start(
            RedisServerResource.FindProgram(),
            RedisServerResource.Arguments(Port.ToString(CultureInfo.InvariantCulture)).Cast<string>());
        await _process.WaitForOutputAsync("Ready to accept connections", timeout);
    }
}
