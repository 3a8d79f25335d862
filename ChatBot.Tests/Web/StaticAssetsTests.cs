using System.Globalization;
using ChatBot.Tests.Infrastructure;

namespace ChatBot.Tests.Web;

/// <summary>
/// The front end's styles, scripts and icon reach a browser, compressed as it asks, however the front end runs:
/// from its build output in Production (the AppHost runs it in Development), and from a publish output.
/// </summary>
[LongRunning]
public sealed class StaticAssetsTests(ChatApp app) : IDisposable
{
    private readonly TempDirectory _published = new();

    [Fact]
    public async Task FromTheBuildOutputInProductionEveryAssetReachesABrowser()
    {
        var assembly = TestPaths.AssemblyOf("ChatBot.Web");

        await AssertEveryAssetServedAsync(assembly, Path.GetDirectoryName(assembly)!);
    }

    /// <summary>
    /// Every file of wwwroot, the browser libraries npm brings included, is a static asset of the build: one
    /// left out is still served in Development, with a warning, but not from a publish made by that build.
    /// </summary>
    [Fact]
    public void TheBuildDeclaresEveryFileOfWwwroot()
    {
        var manifest = Path.ChangeExtension(TestPaths.AssemblyOf("ChatBot.Web"), ".staticwebassets.endpoints.json");
        var routes = System.Text.Json.JsonDocument.Parse(File.ReadAllText(manifest)).RootElement.GetProperty("Endpoints")
            .EnumerateArray().Select(endpoint => endpoint.GetProperty("Route").GetString()).ToHashSet();
        var wwwroot = Path.Combine(TestPaths.RepositoryRoot, "ChatBot.Web", "wwwroot");
        var files = Directory.EnumerateFiles(wwwroot, "*", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(wwwroot, file).Replace('\\', '/')).ToList();

        Assert.Contains(files, file => file.StartsWith("lib/", StringComparison.Ordinal));
        Assert.All(files, file => Assert.Contains(file, routes));
    }

    /// <summary>
    /// A publish of the build under test: <c>dotnet publish</c>'s own steps after its build (wwwroot, its compressed
    /// variants, the endpoints manifest), without building the front end a second time.
    /// </summary>
    [Fact]
    public async Task FromAPublishOutputEveryAssetReachesABrowser()
    {
        await using (var publish = ChildProcess.Start(
            "dotnet",
            ["publish", Path.Combine(TestPaths.RepositoryRoot, "ChatBot.Web"), "--configuration", TestPaths.Configuration, "--no-build",
                "--output", _published.Path, "--nologo"]))
        {
            var exitCode = await publish.WaitForExitAsync(TimeSpan.FromMinutes(5));
            Assert.True(exitCode == 0, $"dotnet publish failed:\n{publish.Output}");
        }

        await AssertEveryAssetServedAsync(Path.Combine(_published.Path, "ChatBot.Web.dll"), _published.Path);
    }

    public void Dispose() => _published.Dispose();

    private async Task AssertEveryAssetServedAsync(string assembly, string directory)
    {
        var site = new Uri($"http://127.0.0.1:{Ports.Free().ToString(CultureInfo.InvariantCulture)}");
        await using var web = ChildProcess.Start("dotnet", [assembly], new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = site.ToString().TrimEnd('/'),
            ["services__apiservice__http__0"] = app.ApiAddress.ToString(),
        }, directory);
        await web.WaitForOutputAsync("Application started", TimeSpan.FromSeconds(60));
        var user = await app.CreateUserAsync("assets");
        using var session = new WebSession(site);
        await session.LogInAsync(user.UserName, user.Password);
        using var anonymous = new HttpClient { BaseAddress = site };

        var assets = (await StaticAssets.FetchAsync(anonymous, "/Account/Login", "/Account/Register"))
            .Concat(await StaticAssets.FetchAsync(session.Client, "/")).ToList();

        StaticAssets.AssertServed(assets);
        Assert.Contains(assets, a => a.Path.Contains("/lib/alpinejs/", StringComparison.Ordinal));
    }
}
