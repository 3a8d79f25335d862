using ChatBot.Tests.Infrastructure;

namespace ChatBot.Tests.AppHost;

/// <summary>The AppHost's command line, run as a person runs it: a choice it cannot meet stops it at once.</summary>
public sealed class AppHostSettingsTests : IDisposable
{
    private readonly TempDirectory _emptyPath = new();

    [Theory]
    [InlineData(new[] { "--ApiReplicas", "2", "--BackingServices", "Executables" }, "needs redis-server on PATH")]
    [InlineData(new[] { "--Redis", "true", "--BackingServices", "Executables" }, "needs redis-server on PATH")]
    [InlineData(new[] { "--Database", "PostgreSQL", "--BackingServices", "Executables" }, "needs its server programs")]
    [InlineData(new[] { "--Database", "Oracle" }, "--Database takes Sqlite or PostgreSQL.")]
    [InlineData(new[] { "--ApiReplicas", "0" }, "--ApiReplicas takes a number from 1 to 16.")]
    [InlineData(new[] { "--BackingServices", "Kubernetes" }, "--BackingServices takes Auto, Containers or Executables.")]
    public async Task AChoiceThatCannotBeMetStopsAtOnceWithOneLineThatSaysWhy(string[] settings, string why)
    {
        // A PATH with nothing on it: no redis-server, no PostgreSQL.
        await using var appHost = ChildProcess.Start(
            "dotnet", [TestPaths.AssemblyOf("ChatBot.AppHost"), .. settings], new Dictionary<string, string> { ["PATH"] = _emptyPath.Path });

        var exitCode = await appHost.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        var line = Assert.Single(appHost.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ChatBot.AppHost: ", line, StringComparison.Ordinal);
        Assert.Contains(why, line, StringComparison.Ordinal);
    }

    public void Dispose() => _emptyPath.Dispose();
}
