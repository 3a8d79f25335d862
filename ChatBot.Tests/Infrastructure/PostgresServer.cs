using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ChatBot.AppHost.Topology;
using Npgsql;

namespace ChatBot.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server (the machine's) on a free loopback port, on a cluster of its own in a temporary
/// folder, made and run as the AppHost makes and runs one (<see cref="PostgresCluster"/>: as the
/// <c>postgres</c> user when the tests run as root). Stopped by its PID.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    /// <summary>The database the migration worker migrated on a server from <see cref="StartMigratedAsync"/>.</summary>
    public const string MigratedDatabase = "chat";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>A stopped cluster whose <see cref="MigratedDatabase"/> the worker migrated, once in this run.</summary>
    private static readonly Lazy<Task<string>> MigratedCluster = new(MigrateClusterOnceAsync);

    private readonly TempDirectory _folder;
    private readonly PostgresCluster _cluster;
    private readonly TestHost? _host;
    private readonly ConcurrentDictionary<string, bool> _connectionStrings = new();
    private ChildProcess? _process;

    private PostgresServer(TempDirectory folder, PostgresCluster cluster, int port, TestHost? host)
    {
        _folder = folder;
        _cluster = cluster;
        Port = port;
        _host = host;
    }

    public int Port { get; }

    public static Task<PostgresServer> StartAsync() => StartAsync(copyOf: null);

    /// <summary>
    /// A server whose <see cref="MigratedDatabase"/> the migration worker has migrated, as it does before the API
    /// starts: its cluster is a copy of one the worker migrated first in this run, without a worker each time.
    /// </summary>
    /// <param name="host">
    /// A test host to run it in, on PostgreSQL's own port and the host's address, open to the hosts of its network;
    /// none: a free loopback port.
    /// </param>
    public static async Task<PostgresServer> StartMigratedAsync(TestHost? host = null) => await StartAsync(await MigratedCluster.Value, host);

    private static async Task<PostgresServer> StartAsync(string? copyOf, TestHost? host = null)
    {
        var folder = new TempDirectory();
        PostgresServer? server = null;
        try
        {
            if (copyOf is not null)
            {
                // The owner and modes too: the cluster's files are the postgres user's when the tests run as root.
                await using var copy = ChildProcess.Start("cp", ["-aT", copyOf, folder.Path]);
                var exitCode = await copy.WaitForExitAsync(StartTimeout);
                if (exitCode != 0)
                {
                    throw new InvalidOperationException($"Copying the migrated cluster failed:\n{copy.Output}");
                }
            }

            // initdb runs to completion inside Open: off the test's thread.
            var cluster = await Task.Run(() => PostgresCluster.Open(folder.Path, throwaway: true));
            if (host is not null)
            {
                await File.AppendAllTextAsync(
                    Path.Combine(cluster.DataDirectory, "pg_hba.conf"), $"host all all {TestNetwork.Subnet} scram-sha-256\n");
            }

            server = new PostgresServer(folder, cluster, host is null ? Ports.Free() : 5432, host);
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
    public string ConnectionString(string database)
    {
        var connectionString =
            $"Host={_host?.Address.ToString() ?? PostgresCluster.ListenAddress};Port={Port.ToString(CultureInfo.InvariantCulture)};" +
            $"Username={PostgresCluster.Superuser};Password={_cluster.Password};Database={database}";
        _connectionStrings.TryAdd(connectionString, true);
        return connectionString;
    }

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

    /// <summary>kill -9 of the server and all its processes, as when its machine or container dies.</summary>
    public async Task KillAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    /// <summary>Starts again on the same port and data, as after a crash.</summary>
    public Task RestartAsync() => StartAsync(StartTimeout);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _folder.Dispose();

        // A later server may be given this port, and a copy of the migrated cluster has its password: the same
        // connection string, for which this process's pool would hand out connections to this server, now gone.
        foreach (var connectionString in _connectionStrings.Keys)
        {
            using var connection = new NpgsqlConnection(connectionString);
            NpgsqlConnection.ClearPool(connection);
        }
    }

    private static async Task<string> MigrateClusterOnceAsync()
    {
        var server = await StartAsync(copyOf: null);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server._folder.Dispose();
        await MigrationWorkerProcess.MigrateAsync(server.ConnectionString(MigratedDatabase));

        // A clean shutdown (kill -TERM), so that a copy starts without recovery.
        var process = server._process!;
        process.Terminate();
        await process.WaitForExitAsync(StartTimeout);
        await process.DisposeAsync();
        server._process = null;
        return server._folder.Path;
    }

    private async Task StartAsync(TimeSpan timeout)
    {
        var (command, arguments) = _cluster.Server();
        // A later listen_addresses takes the place of the loopback one.
        string[] address = _host is null ? [] : ["-c", $"listen_addresses={_host.Address}"];
        _process = ChildProcess.Start(command, [.. arguments, .. address, "-p", Port.ToString(CultureInfo.InvariantCulture)], host: _host);
        await _process.WaitForOutputAsync("database system is ready to accept connections", timeout);
    }
}
