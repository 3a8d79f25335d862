using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace ChatBot.AppHost.Topology;

/// <summary>Where messages are stored: a SQLite file in the data folder, or a PostgreSQL server.</summary>
public enum Database
{
    Sqlite,
    PostgreSql,
}

/// <summary>How to run backing services such as Redis: containers where a runtime answers, else programs from PATH.</summary>
public enum BackingServices
{
    Auto,
    Containers,
    Executables,
}

/// <summary>
/// What the AppHost runs, from its configuration (command line, environment or appsettings.json), for example
/// <c>dotnet run --project ChatBot.AppHost -- --Database PostgreSQL --ApiReplicas 2</c>.
/// </summary>
public sealed record TopologyOptions(
    Database Database, int ApiReplicas, bool Redis, string DataFolder, int WebPort, BackingServices BackingServices)
{
    public const int MaxApiReplicas = 16;

    /// <summary>Redis keeps replicas coherent (SignalR backplane, presence, rate limits): more than one needs it.</summary>
    public bool UsesRedis => Redis || ApiReplicas > 1;

    /// <summary>"apiservice" alone; "apiservice-1", "apiservice-2", … side by side.</summary>
    public string ApiReplicaName(int replica) => ApiReplicas == 1 ? "apiservice" : $"apiservice-{replica}";

    /// <exception cref="TopologyException">A setting makes no sense.</exception>
    public static TopologyOptions Read(IConfiguration configuration, string appHostDirectory)
    {
        var replicas = Number(configuration, "ApiReplicas", fallback: 1, max: MaxApiReplicas);
        var webPort = Number(configuration, "WebPort", fallback: 5000, max: 65535);
        if (!bool.TryParse(configuration["Redis"] ?? "false", out var redis))
        {
            throw new TopologyException("--Redis takes true or false.");
        }

        if (!Enum.TryParse<Database>(configuration["Database"] ?? nameof(Database.Sqlite), ignoreCase: true, out var database)
            || !Enum.IsDefined(database))
        {
            throw new TopologyException("--Database takes Sqlite or PostgreSQL.");
        }

        if (!Enum.TryParse<BackingServices>(configuration["BackingServices"] ?? nameof(BackingServices.Auto), ignoreCase: true, out var backing)
            || !Enum.IsDefined(backing))
        {
            throw new TopologyException("--BackingServices takes Auto, Containers or Executables.");
        }

        // The repository's data folder by default (ignored by git); a folder given is taken from where the command runs.
        var dataFolder = configuration["DataFolder"] is { Length: > 0 } folder
            ? Path.GetFullPath(folder)
            : Path.GetFullPath(Path.Combine(appHostDirectory, "..", "data"));
        return new TopologyOptions(database, replicas, redis, dataFolder, webPort, backing);
    }

    private static int Number(IConfiguration configuration, string key, int fallback, int max) =>
        configuration[key] is not { } text ? fallback
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= 1 && value <= max ? value
        : throw new TopologyException($"--{key} takes a number from 1 to {max}.");
}
