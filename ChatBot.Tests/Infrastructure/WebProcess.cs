using System.Globalization;

namespace ChatBot.Tests.Infrastructure;

/// <summary>
/// The web front end as its own process on a free loopback port, as on a machine of its own: its home folder
/// (where ASP.NET Core keeps a lone front end's keys) is its own too.
/// </summary>
public sealed class WebProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly TempDirectory _home;

    private WebProcess(ChildProcess process, TempDirectory home, Uri address)
    {
        _process = process;
        _home = home;
        Address = address;
    }

    public Uri Address { get; }

    public int Id => _process.Id;

    /// <param name="host">A test host to run it in, on its address and port 8080; none: loopback.</param>
    public static async Task<WebProcess> StartAsync(IReadOnlyDictionary<string, string> settings, TestHost? host = null)
    {
        var address = host?.Url(8080) ?? new Uri($"http://127.0.0.1:{Ports.Free().ToString(CultureInfo.InvariantCulture)}");
        var home = new TempDirectory();
        var environment = new Dictionary<string, string>(settings)
        {
            ["ASPNETCORE_URLS"] = address.ToString().TrimEnd('/'),
            ["HOME"] = home.Path,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var web = new WebProcess(ChildProcess.StartDotnet("ChatBot.Web", environment: environment, host: host), home, address);
        try
        {
            await web._process.WaitUntilAnswersAsync(address, "/alive", TimeSpan.FromSeconds(60));
            return web;
        }
        catch
        {
            await web.DisposeAsync(); // stopped by its PID, not left behind
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _home.Dispose();
    }
}
