using System.Diagnostics;
using System.Security.Cryptography;

namespace ChatBot.AppHost.Topology;

/// <summary>
/// A PostgreSQL cluster in a folder, made with the machine's <c>initdb</c> the first time: its superuser's
/// password is made then, and kept beside it. PostgreSQL refuses to run as root: when the AppHost does,
/// the programs run as the <c>postgres</c> user (through <c>setpriv</c>, which becomes that user in the
/// same process, so the process Aspire watches is PostgreSQL's own). The tests make and run theirs with it too.
/// </summary>
public sealed class PostgresCluster
{
    /// <summary>The superuser initdb makes, and the one the services sign in as.</summary>
    public const string Superuser = "postgres";

    /// <summary>The one address the server listens on: loopback.</summary>
    public const string ListenAddress = "127.0.0.1";

    private readonly string _folder;
    private readonly string _binaries;

    private PostgresCluster(string folder, string binaries)
    {
        _folder = folder;
        _binaries = binaries;
    }

    private static bool AsRoot => Environment.UserName == "root";

    public string DataDirectory => Path.Combine(_folder, "cluster");

    private string PasswordFile => Path.Combine(_folder, "password");

    /// <param name="throwaway">A cluster a test deletes after it: initdb does not wait for its files to reach the disk.</param>
    /// <exception cref="TopologyException">The programs are not on this machine, or the cluster cannot be made.</exception>
    public static PostgresCluster Open(string folder, bool throwaway = false)
    {
        var cluster = new PostgresCluster(folder, FindBinaries());
        if (!File.Exists(Path.Combine(cluster.DataDirectory, "PG_VERSION")))
        {
            cluster.Create(throwaway);
        }

        return cluster;
    }

    public string Password => File.ReadAllText(PasswordFile).Trim();

    /// <summary>
    /// The server on this cluster, listening on loopback only, with no Unix socket; the caller adds its port
    /// (<c>-p</c>), which it knows only once the port is chosen.
    /// </summary>
    public (string Command, string[] Arguments) Server() => Command(
        "postgres", "-D", DataDirectory, "-c", $"listen_addresses={ListenAddress}", "-c", "unix_socket_directories=");

    /// <summary>The command and arguments that run a PostgreSQL program (as the postgres user when the AppHost is root).</summary>
    private (string Command, string[] Arguments) Command(string program, params string[] arguments) =>
        AsPostgresUser(Path.Combine(_binaries, program), arguments);

    private static (string Command, string[] Arguments) AsPostgresUser(string command, params string[] arguments) => AsRoot
        ? ("setpriv", [$"--reuid={Superuser}", $"--regid={Superuser}", "--init-groups", "--", command, .. arguments])
        : (command, arguments);

    private void Create(bool throwaway)
    {
        Directory.CreateDirectory(_folder);
        File.WriteAllText(PasswordFile, Convert.ToHexString(RandomNumberGenerator.GetBytes(24)));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(PasswordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        if (AsRoot)
        {
            Check(Run(("chown", ["-R", $"{Superuser}:{Superuser}", _folder])), "chown");
            if (Run(AsPostgresUser("test", "-w", _folder)).ExitCode != 0)
            {
                throw new TopologyException(
                    $"PostgreSQL runs as the postgres user, which cannot reach {_folder}: give a --DataFolder it can reach (every folder above it open to others).");
            }
        }

        string[] initdb =
        [
            "-D", DataDirectory, "-U", Superuser, "--pwfile", PasswordFile, "-E", "UTF8", "--locale=C",
            "--auth-local=peer", "--auth-host=scram-sha-256",
        ];
        Check(Run(Command("initdb", throwaway ? [.. initdb, "--no-sync"] : initdb)), "initdb");
    }

    /// <returns>The exit code, and the last line written: what went wrong, when something did.</returns>
    private static (int ExitCode, string? LastLine) Run((string Command, string[] Arguments) run)
    {
        var start = new ProcessStartInfo(run.Command) { RedirectStandardOutput = true, RedirectStandardError = true };
        run.Arguments.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, (error + output.Result).Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim());
    }

    private static void Check((int ExitCode, string? LastLine) run, string step)
    {
        if (run.ExitCode != 0)
        {
            throw new TopologyException($"Making a PostgreSQL cluster failed ({step}): {run.LastLine}");
        }
    }

    /// <summary>Where the server's programs are: on PATH, or where <c>pg_config --bindir</c> says (Debian keeps them off PATH).</summary>
    private static string FindBinaries()
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        if (path.FirstOrDefault(directory => File.Exists(Path.Combine(directory, "postgres"))) is { } onPath)
        {
            return onPath;
        }

        if (path.Select(directory => Path.Combine(directory, "pg_config")).FirstOrDefault(File.Exists) is { } pgConfig)
        {
            using var bindir = Process.Start(new ProcessStartInfo(pgConfig, "--bindir") { RedirectStandardOutput = true })!;
            var directory = bindir.StandardOutput.ReadToEnd().Trim();
            bindir.WaitForExit();
            if (File.Exists(Path.Combine(directory, "postgres")))
            {
                return directory;
            }
        }

        throw new TopologyException(
            "PostgreSQL (--Database PostgreSQL) needs its server programs (on PATH or through pg_config), or a container runtime " +
            "(Docker or Podman), and neither is here: install them (Debian: apt install postgresql).");
    }
}
