using System.Globalization;

namespace ChatBot.Launcher;

public sealed record LaunchOptions(int Port, string? DataDirectory, bool Redis, int ApiReplicas)
{
    public const string Usage = """
        Runs ChatBot without Aspire: migrates the database, starts the API and the web front end.

        Usage: dotnet run --project ChatBot.Launcher [-- options]

          --port <port>          where the chat is served (default 5000: http://localhost:5000)
          --data <folder>        where the SQLite database lives (default: data/ in the repository)
          --redis                start redis-server (from PATH) on a free loopback port and scale out over it
          --api-replicas <n>     run n API instances (default 1); more than one implies --redis
          --help                 this text
        """;

    /// <summary>Redis is what keeps several replicas coherent: more than one needs it.</summary>
    public bool UsesRedis => Redis || ApiReplicas > 1;

    /// <returns>The options, or null with <paramref name="error"/> set (empty for --help).</returns>
    public static LaunchOptions? Parse(string[] args, out string? error)
    {
        var options = new LaunchOptions(Port: 5000, DataDirectory: null, Redis: false, ApiReplicas: 1);
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port" when TryNumber(args, i + 1, 1, 65535, out var port):
                    options = options with { Port = port };
                    i++;
                    break;
                case "--data" when i + 1 < args.Length:
                    options = options with { DataDirectory = args[++i] };
                    break;
                case "--redis":
                    options = options with { Redis = true };
                    break;
                case "--api-replicas" when TryNumber(args, i + 1, 1, 16, out var replicas):
                    options = options with { ApiReplicas = replicas };
                    i++;
                    break;
                case "--help" or "-h":
                    error = "";
                    return null;
                default:
                    error = $"Unknown or incomplete option '{args[i]}'.";
                    return null;
            }
        }

        return options;
    }

    private static bool TryNumber(string[] args, int index, int min, int max, out int value)
    {
        value = 0;
        return index < args.Length
            && int.TryParse(args[index], NumberStyles.None, CultureInfo.InvariantCulture, out value)
            && value >= min && value <= max;
    }
}
