using System.Globalization;

namespace ChatBot.Tests.Infrastructure;

/// <summary>
/// The API as its own process on a free loopback port, configured only through the configuration contract:
/// the form it takes as one of several replicas, and the one a test can kill -9.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private ApiProcess(ChildProcess process, Uri address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>Settings that lift the per-user send quota, for clients that send faster than people type.</summary>
    public static IReadOnlyDictionary<string, string> NoSendQuota { get; } = new Dictionary<string, string>
    {
        ["RateLimits__SendPermitsPerSecond"] = "10000",
        ["RateLimits__SendBurst"] = "10000",
    };

    public Uri Address { get; }

    public int Id => _process.Id;

    public string Output => _process.Output;

    public bool HasExited => _process.HasExited;

    /// <param name="ready">What answers 200 once it is up: <c>/health</c>, or <c>/alive</c> where a dependency is meant to be down.</param>
    /// <param name="port">A fixed port, to restart a killed API where its clients look for it.</param>
    public static async Task<ApiProcess> StartAsync(
        string connectionString,
        string? redis = null,
        IReadOnlyDictionary<string, string>? settings = null,
        string ready = "/health",
        int? port = null)
    {
        var address = new Uri($"http://127.0.0.1:{(port ?? Ports.Free()).ToString(CultureInfo.InvariantCulture)}");
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = address.ToString().TrimEnd('/'),
            ["ConnectionStrings__chatdb"] = connectionString,
            ["Logging__LogLevel__Default"] = "Warning",
            [FastPasswordHashing.EnvironmentVariable] = FastPasswordHashing.Iterations,
            // Tests sign many people in from one address; the limits have tests of their own.
            ["RateLimits__SignInsPerClientPerMinute"] = "100000",
            ["RateLimits__SignInsPerMinute"] = "100000",
        };
        if (redis is not null)
        {
            environment["ConnectionStrings__cache"] = redis;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var api = new ApiProcess(ChildProcess.StartDotnet("ChatBot.ApiService", environment: environment), address);
        await api._process.WaitUntilAnswersAsync(address, ready, TimeSpan.FromSeconds(60));
        return api;
    }

    /// <summary>kill -9: no shutdown, no goodbye to its clients, as in a crash.</summary>
    public Task KillAsync() => _process.KillAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
