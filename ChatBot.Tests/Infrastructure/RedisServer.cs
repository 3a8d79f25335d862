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

    private readonly TestHost? _host;

    private RedisServer(int port, TestHost? host)
    {
        Port = port;
        _host = host;
    }

    public int Port { get; }

    public string ConnectionString => $"{_host?.Address.ToString() ?? "127.0.0.1"}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <param name="host">A test host to run it in, on Redis's own port and the host's address; none: a free loopback port.</param>
    public static async Task<RedisServer> StartAsync(TestHost? host = null)
    {
        var redis = new RedisServer(host is null ? Ports.Free() : 6379, host);
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
        // A later --bind takes the place of the loopback one. Without a password, Redis refuses other hosts (protected
        // mode): on the tests' own network, it may let them in.
        string[] address = _host is null ? [] : ["--bind", _host.Address.ToString(), "--protected-mode", "no"];
        _process = ChildProcess.Start(
            RedisServerResource.FindProgram(),
            [.. RedisServerResource.Arguments(Port.ToString(CultureInfo.InvariantCulture)).Cast<string>(), .. address],
            host: _host);
        await _process.WaitForOutputAsync("Ready to accept connections", timeout);
    }
}
