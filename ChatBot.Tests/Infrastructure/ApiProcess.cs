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

    /// <summary>The port it listens on in a test host of its own.</summary>
    public const int PortOnAHost = 8080;

    public Uri Address { get; }

    public int Id => _process.Id;

    public string Output => _process.Output;

    public bool HasExited => _process.HasExited;

    /// <param name="ready">What answers 200 once it is up: <c>/health</c>, or <c>/alive</c> where a dependency is meant to be down.</param>
    /// <param name="port">A fixed port, to restart a killed API where its clients look for it.</param>
    /// <param name="host">A test host to run it in, on its address and <see cref="PortOnAHost"/>; none: loopback.</param>
    public static async Task<ApiProcess> StartAsync(
        string connectionString,
        string? redis = null,
        IReadOnlyDictionary<string, string>? settings = null,
        string ready = "/health",
        int? port = null,
        TestHost? host = null)
    {
        var address = host?.Url(PortOnAHost) ?? new Uri($"http://127.0.0.1:{(port ?? Ports.Free()).ToString(CultureInfo.InvariantCulture)}");
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

        var api = new ApiProcess(ChildProcess.StartDotnet("ChatBot.ApiService", environment: environment, host: host), address);
        try
        {
            await api._process.WaitUntilAnswersAsync(address, ready, TimeSpan.FromSeconds(60));
            return api;
        }
        catch
        {
            await api.DisposeAsync(); // stopped by its PID, not left behind
            throw;
        }
    }

    /// <summary>kill -9: no shutdown, no goodbye to its clients, as in a crash.</summary>
    public Task KillAsync() => _process.KillAsync();

    /// <summary>kill -TERM, then waits for it to end: the graceful stop of a deploy.</summary>
    /// <returns>Its exit code: 0 for a clean stop.</returns>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        _process.Terminate();
        try
        {
            return await _process.WaitForExitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The API did not stop within {timeout.TotalSeconds:0} s of kill -TERM. Output:\n{Output}");
        }
    }

    /// <summary>SIGSTOP: it freezes where it is, connections open, as a paused VM or a long GC.</summary>
    public void Pause() => _process.Signal("STOP");

    /// <summary>SIGCONT: it goes on from where it froze.</summary>
    public void Resume() => _process.Signal("CONT");

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
