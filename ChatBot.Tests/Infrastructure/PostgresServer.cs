using System.Diagnostics;
using System.Globalization;

namespace ChatBot.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server (Debian's) on a free loopback port, its cluster in a temporary folder; run as
/// the <c>postgres</c> user when the tests run as root, since PostgreSQL refuses root (<c>setpriv</c> runs
/// it as that user in its own process: the process started is the postmaster). Stopped by its PID.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly Lazy<string> Binaries = new(FindBinaries);

    private readonly TempDirectory _folder = new();
    private ChildProcess? _process;

    private PostgresServer(int port) => Port = port;

    public int Port { get; }

    private string DataDirectory => _folder.File("data");

    private static bool AsRoot => Environment.UserName == "root";

    public static async Task<PostgresServer> StartAsync()
    {
        var server = new PostgresServer(Ports.Free());
        try
        {
            await server.InitializeClusterAsync();
            await server.StartAsync(StartTimeout);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>A connection string for <paramref name="database"/>, which the migration worker creates if need be.</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database={database}";

    /// <summary>Stops the server at once, as a crash would (immediate shutdown: no checkpoint, recovery at the next start).</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        Signal("-QUIT", _process.Id);
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

    private async Task InitializeClusterAsync()
    {
        if (AsRoot)
        {
            await RunAsync("chown", ["postgres:postgres", _folder.Path]);
        }

        await RunAsync(Program("initdb"), ["-D", DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
    }

    private async Task StartAsync(TimeSpan timeout)
    {
        _process = Start(Program("postgres"),
            ["-D", DataDirectory, "-p", Port.ToString(CultureInfo.InvariantCulture), "-k", _folder.Path, "-c", "listen_addresses=127.0.0.1"]);
        await _process.WaitForOutputAsync("database system is ready to accept connections", timeout);
    }

    /// <summary>Starts a PostgreSQL program, as the <c>postgres</c> user when the tests run as root.</summary>
    private static ChildProcess Start(string program, string[] arguments) => AsRoot
        ? ChildProcess.Start("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", program, .. arguments])
        : ChildProcess.Start(program, arguments);

    private static string Program(string name) => Path.Combine(Binaries.Value, name);

    private static async Task RunAsync(string program, string[] arguments)
    {
        await using var process = program == "chown" ? ChildProcess.Start(program, arguments) : Start(program, arguments);
        var exitCode = await process.WaitForExitAsync(StartTimeout);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed with exit code {exitCode}:\n{process.Output}");
        }
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", [signal, pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Debian keeps PostgreSQL's programs off PATH: <c>pg_config --bindir</c> says where.</summary>
    private static string FindBinaries()
    {
        if (Environment.GetEnvironmentVariable("POSTGRES_BIN") is { Length: > 0 } configured)
        {
            return configured;
        }

        using var pgConfig = Process.Start(new ProcessStartInfo("pg_config", "--bindir") { RedirectStandardOutput = true })!;
        var directory = pgConfig.StandardOutput.ReadToEnd().Trim();
        pgConfig.WaitForExit();
        return File.Exists(Path.Combine(directory, "postgres"))
            ? directory
            : throw new InvalidOperationException("PostgreSQL's server is not installed (Debian: apt-get install postgresql).");
    }
}
