using System.Diagnostics;
using System.Globalization;
using ChatBot.AppHost.Topology;

namespace ChatBot.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server (the machine's) on a free loopback port, on a cluster of its own in a temporary
/// folder, made and run as the AppHost makes and runs one (<see cref="PostgresCluster"/>: as the
/// <c>postgres</c> user when the tests run as root). Stopped by its PID.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _folder;
    private readonly PostgresCluster _cluster;
    private ChildProcess? _process;

    private PostgresServer(TempDirectory folder, PostgresCluster cluster, int port)
    {
        _folder = folder;
        _cluster = cluster;
        Port = port;
    }

    public int Port { get; }

    public static async Task<PostgresServer> StartAsync()
    {
        var folder = new TempDirectory();
        PostgresServer? server = null;
        try
        {
            // initdb runs to completion inside Open: off the test's thread.
            var cluster = await Task.Run(() => PostgresCluster.Open(folder.Path, throwaway: true));
            server = new PostgresServer(folder, cluster, Ports.Free());
            await server.StartAsync(StartTimeout);
            return server;
        }
        catch
        {
            if (server is null)
            {
                folder.Dispose();
            }
            else
            {
                await server.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>A connection string for <paramref name="database"/>, which the migration worker creates if need be.</summary>
    public string ConnectionString(string database) =>
        $"Host={PostgresCluster.ListenAddress};Port={Port.ToString(CultureInfo.InvariantCulture)};" +
        $"Username={PostgresCluster.Superuser};Password={_cluster.Password};Database={database}";

    /// <summary>Stops the server at once, as a crash would (immediate shutdown: no checkpoint, recovery at the next start).</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-QUIT", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync(StartTimeout);
        await _process.DisposeAsync();
        _process = null;
    }

    /// <summary>Starts again on the same port and data, as after a crash.</summary>
    public Task RestartAsync() => StartAsync(StartTimeout);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _folder.Dispose();
    }

    private async Task StartAsync(TimeSpan timeout)
    {
        var (command, arguments) = _cluster.Server();
        _process = ChildProcess.Start(command, [.. arguments, "-p", Port.ToString(CultureInfo.InvariantCulture)]);
        await _process.WaitForOutputAsync("database system is ready to accept connections", timeout);
    }
}
