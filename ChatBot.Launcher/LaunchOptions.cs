using System.Globalization;

namespace ChatBot.Launcher;

public sealed record LaunchOptions(int Port, string? DataDirectory)
{
    public const string Usage = """
        Runs ChatBot without Aspire: migrates the database, starts the API and the web front end.

        Usage: dotnet run --project ChatBot.Launcher [-- options]

          --port <port>     where the chat is served (default 5000: http://localhost:5000)
          --data <folder>   where the SQLite database lives (default: data/ in the repository)
          --help            this text
        """;

    /// <returns>The options, or null with <paramref name="error"/> set (empty for --help).</returns>
    public static LaunchOptions? Parse(string[] args, out string? error)
    {
        var options = new LaunchOptions(Port: 5000, DataDirectory: null);
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--port" when i + 1 < args.Length
                    && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                    && port is > 0 and < 65536:
                    options = options with { Port = port };
                    i++;
                    break;
                case "--data" when i + 1 < args.Length:
                    options = options with { DataDirectory = args[++i] };
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
}
