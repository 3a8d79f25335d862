using System.Globalization;
using System.Net;
using ChatBot.Tests.Infrastructure;

namespace ChatBot.Tests.Launcher;

/// <summary>The one command that runs the chat without Aspire, run as a person runs it.</summary>
public sealed class LauncherTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);
    private readonly TempDirectory _data = new();

    [Fact]
    public async Task ItStartsTheChatPrintsWhereAndStopsEverythingOnSigterm()
    {
        var port = Ports.Free();
        await using var launcher = StartLauncher(port);

        await launcher.WaitForOutputAsync($"ChatBot is running: open http://localhost:{port}/", StartTimeout);
        var services = ChildrenOf(launcher.Id);
        using var http = new HttpClient();
        using var login = await http.GetAsync($"http://localhost:{port}/Account/Login", TestContext.Current.CancellationToken);
        launcher.Terminate();
        var exitCode = await launcher.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Equal(2, services.Count);
        Assert.Equal(0, exitCode);
        Assert.All(services, pid => Assert.False(IsRunning(pid), $"service process {pid} outlived the launcher"));
        Assert.Contains("apiservice  | ", launcher.Output, StringComparison.Ordinal);
        Assert.Contains("webfrontend | ", launcher.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(_data.File("chatbot.db")));
    }

    [Fact]
    public async Task WithTwoApiReplicasItAlsoRunsRedisAndStopsItLast()
    {
        var port = Ports.Free();
        await using var launcher = StartLauncher(port, "--api-replicas", "2");

        await launcher.WaitForOutputAsync("2 API instances, Redis at 127.0.0.1:", StartTimeout);
        var services = ChildrenOf(launcher.Id);
        var commands = services.Select(CommandLine).ToList();
        using var http = new HttpClient();
        using var login = await http.GetAsync($"http://localhost:{port}/Account/Login", TestContext.Current.CancellationToken);
        launcher.Terminate();
        var exitCode = await launcher.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Single(commands, c => c.Contains("redis-server", StringComparison.Ordinal));
        Assert.Equal(2, commands.Count(c => c.Contains("ChatBot.ApiService.dll", StringComparison.Ordinal)));
        Assert.Single(commands, c => c.Contains("ChatBot.Web.dll", StringComparison.Ordinal));
        Assert.Equal(0, exitCode);
        Assert.All(services, pid => Assert.False(IsRunning(pid), $"service process {pid} outlived the launcher"));
        Assert.Contains("apiservice-2| ", launcher.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenAServiceDiesItSaysWhichAndStopsTheRest()
    {
        var port = Ports.Free();
        await using var launcher = StartLauncher(port);
        await launcher.WaitForOutputAsync("ChatBot is running", StartTimeout);
        var services = ChildrenOf(launcher.Id);
        var api = services.Single(pid => CommandLine(pid).Contains("ChatBot.ApiService.dll", StringComparison.Ordinal));

        using (var kill = System.Diagnostics.Process.Start("kill", ["-KILL", api.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        var exitCode = await launcher.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, exitCode);
        Assert.Contains("apiservice exited unexpectedly", launcher.Output, StringComparison.Ordinal);
        Assert.All(services, pid => Assert.False(IsRunning(pid), $"service process {pid} outlived the launcher"));
    }

    [Fact]
    public async Task AnUnknownOptionIsExplained()
    {
        await using var launcher = ChildProcess.StartDotnet("ChatBot.Launcher", ["--colour", "blue"]);

        var exitCode = await launcher.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, exitCode);
        Assert.Contains("Unknown or incomplete option '--colour'", launcher.Output, StringComparison.Ordinal);
        Assert.Contains("--port <port>", launcher.Output, StringComparison.Ordinal);
    }

    public void Dispose() => _data.Dispose();

    private ChildProcess StartLauncher(int port, params string[] options) =>
        ChildProcess.StartDotnet("ChatBot.Launcher", ["--port", port.ToString(CultureInfo.InvariantCulture), "--data", _data.Path, .. options]);

    /// <summary>The running processes whose parent is <paramref name="parent"/>, from /proc.</summary>
    private static List<int> ChildrenOf(int parent) =>
        Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(name => name!.All(char.IsAsciiDigit))
            .Select(name => int.Parse(name!, CultureInfo.InvariantCulture))
            .Where(pid => ParentOf(pid) == parent)
            .ToList();

    private static int? ParentOf(int pid)
    {
        try
        {
            // /proc/<pid>/stat: "pid (command) state ppid …"; the command may hold spaces, so split after ')'.
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string CommandLine(int pid) => File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');

    private static bool IsRunning(int pid) =>
        File.Exists($"/proc/{pid}/stat") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
}
