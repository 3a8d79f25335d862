using System.Globalization;

namespace ChatBot.LoadTest;

public sealed record LoadOptions
{
    public const string Usage = """
        Drives the chat's API over SignalR WebSockets and reports what it measured, as Markdown.

        Usage: ChatBot.LoadTest --api <url> --scenario <s1|s1mix|s2|s3|s4|s5|s6|fresh> [options]

          --api <url>               the API, e.g. http://127.0.0.1:5400 (loopback only): accounts and conversations
          --hub <url>               where devices connect with their bearer tokens (default: the API), e.g. the bare hub
          --web <url>               devices sign in at this web front end and connect through it, as browsers do
          --scenario <name>         s1: one-to-one; s1mix: s1 with 10% reactions, 5% edits, 5% deletions; s2: idle connections;
                                    s3: catching up on missed messages; s4: groups; s5: search over a big history; s6: files;
                                    fresh: a freshly started API under s1's load at the lowest rate, for 90 s
          --label <text>            the table's title (default: the scenario's)
          --protocol <name>         json (default, what browsers speak) or messagepack
          --pairs <n>               s1, fresh: pairs of people writing to each other (default 100)
          --groups <n>              s4: groups, each writing among its members (default 20)
          --group-size <n>          s4: people in each group, every one receiving (default 10)
          --rates <r1,r2,...>       s1, s4, fresh: messages per second to offer, in turn (default 2000,5000,10000,15000)
          --first-warmup <seconds>  s1, s4, s5: unmeasured traffic before measuring, while the server's JIT settles (default 30)
          --warmup <seconds>        s1, s4: per rate, before measuring (default 2)
          --duration <seconds>      s1, s4: per rate, measured (default 10)
          --database <connection>   s1, s4: the API's database (Data Source=… or Host=…), to count the stored rows
          --connections <n>         s2: connections to open (default 19500)
          --users <n>               s2: people they belong to (default 200)
          --connect-rate <n>        s2: connections opened per second (default 2000)
          --hold <seconds>          s2: how long to hold them (default 10)
          --server-pid <pid,...>    s1, s2, s4, s6, fresh: the server's processes (the API, and the front end it goes through), for CPU and memory
          --messages <n>            s3: messages missed; s5: messages stored before searching (default 10000)
          --conversations <n>       s5: groups of 5 holding them, each person in 50 (default 1000)
          --files <n>               s6: 100 KB files to upload; a twentieth as many 5 MB files and photos, at least one (default 200)
          --file-mb <n>             s6: the size of the files uploaded, then downloaded, twenty at once (default 25, the largest allowed)
          --output <file>           also append the results to this file
          --summary <file>          also append the results, as one line of JSON, for the summary of targets
          --key <name>              the results' name in that summary (default: the scenario's)
          --accounts <file>         fresh: the pairs and their conversations; made and written there when the file does not exist
        Usage: ChatBot.LoadTest --scenario targets --summary <file>   the targets beside the results, as Markdown
        """;

    public required Uri Api { get; init; }

    /// <summary>Where devices connect: the API's hub, another hub (the bare one), or a web front end.</summary>
    public required Uri Hub { get; init; }

    /// <summary>True when devices sign in at <see cref="Hub"/>, a web front end, and connect through it.</summary>
    public bool ThroughWeb { get; init; }
    public required string Scenario { get; init; }
    public string? Label { get; init; }
    public bool MessagePack { get; init; }
    public int Pairs { get; init; } = 100;
    public int Groups { get; init; } = 20;
    public int GroupSize { get; init; } = 10;
    public int[] Rates { get; init; } = [2000, 5000, 10000, 15000];
    public double FirstWarmupSeconds { get; init; } = 30;
    public double WarmupSeconds { get; init; } = 2;
    public double DurationSeconds { get; init; } = 10;
    public string? Database { get; init; }
    public int Connections { get; init; } = 19_500;
    public int Users { get; init; } = 200;
    public int ConnectRate { get; init; } = 2000;
    public double HoldSeconds { get; init; } = 10;
    public int[] ServerPids { get; init; } = [];
    public int Messages { get; init; } = 10_000;
    public int Conversations { get; init; } = 1_000;
    public int Files { get; init; } = 200;
    public int FileMegabytes { get; init; } = 25;
    public string? Output { get; init; }
    public string? Summary { get; init; }
    public string? Key { get; init; }
    public string? Accounts { get; init; }

    public static LoadOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Unknown or incomplete option '{args[i]}'.");
            }

            values[args[i][2..]] = args[++i];
        }

        string? Get(string name) => values.Remove(name, out var value) ? value : null;
        int Int(string name, int fallback) => Get(name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
        double Number(string name, double fallback) => Get(name) is { } value ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;

        var scenario = Get("scenario") ?? throw new ArgumentException("--scenario is required.");
        // The summary of targets reads a file; every other scenario drives the chat.
        var api = new Uri(Get("api") ?? (scenario == "targets" ? "http://127.0.0.1" : throw new ArgumentException("--api is required.")));
        var web = Get("web") is { } webAddress ? new Uri(webAddress) : null;
        var hub = web ?? (Get("hub") is { } hubAddress ? new Uri(hubAddress) : api);
        if (!api.IsLoopback || !hub.IsLoopback)
        {
            throw new ArgumentException("The load generator sends traffic to loopback only.");
        }

        var options = new LoadOptions
        {
            Api = api,
            Hub = hub,
            ThroughWeb = web is not null,
            Scenario = scenario,
            Label = Get("label"),
            MessagePack = (Get("protocol") ?? "json") == "messagepack",
            Pairs = Int("pairs", 100),
            Groups = Int("groups", 20),
            GroupSize = Int("group-size", 10),
            Rates = Get("rates") is { } rates ? rates.Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToArray() : [2000, 5000, 10000, 15000],
            FirstWarmupSeconds = Number("first-warmup", 30),
            WarmupSeconds = Number("warmup", 2),
            DurationSeconds = Number("duration", 10),
            Database = Get("database"),
            Connections = Int("connections", 19_500),
            Users = Int("users", 200),
            ConnectRate = Int("connect-rate", 2000),
            HoldSeconds = Number("hold", 10),
            ServerPids = Get("server-pid") is { } pids ? pids.Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray() : [],
            Messages = Int("messages", 10_000),
            Conversations = Int("conversations", 1_000),
            Files = Int("files", 200),
            FileMegabytes = Int("file-mb", 25),
            Output = Get("output"),
            Summary = Get("summary"),
            Key = Get("key"),
            Accounts = Get("accounts"),
        };

        return values.Count == 0 ? options : throw new ArgumentException($"Unknown option '--{values.Keys.First()}'.");
    }
}
