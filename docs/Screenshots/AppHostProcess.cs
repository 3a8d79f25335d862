using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ChatBot.Screenshots;

/// <summary><c>dotnet run --project ChatBot.AppHost</c>, as a person runs it; stopped as Ctrl+C stops it.</summary>
internal sealed partial class AppHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<Uri> _dashboard = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Uri> _chat = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AppHostProcess(Process process) => _process = process;

    public static AppHostProcess Start(string repository, params string[] settings)
    {
        // In a process group of its own, as in a terminal, so that Ctrl+C can be sent to all of it.
        var start = new ProcessStartInfo("setsid") { WorkingDirectory = repository, RedirectStandardOutput = true };
        foreach (var argument in new[] { "dotnet", "run", "--project", "ChatBot.AppHost", "--" }.Concat(settings))
        {
            start.ArgumentList.Add(argument);
        }

        var appHost = new AppHostProcess(Process.Start(start)!);
        appHost._process.OutputDataReceived += (_, line) => appHost.Read(line.Data);
        appHost._process.BeginOutputReadLine();
        return appHost;
    }

    /// <summary>The dashboard's sign-in link and the chat's address, as the console gives them.</summary>
    public async Task<(Uri Dashboard, Uri Chat)> WaitUntilReadyAsync(TimeSpan timeout) =>
        (await _dashboard.Task.WaitAsync(timeout), await _chat.Task.WaitAsync(timeout));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // Ctrl+C: SIGINT to the process group (dotnet run and the AppHost), whose leader setsid made it.
            using var interrupt = Process.Start("kill", ["-INT", "--", $"-{_process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}"]);
            await interrupt.WaitForExitAsync();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
    }

    private void Read(string? line)
    {
        if (line is null)
        {
            return;
        }

        Console.WriteLine(line);
        if (DashboardLogin().Match(line) is { Success: true } login)
        {
            _dashboard.TrySetResult(new Uri(login.Groups[1].Value));
        }
        else if (ChatReady().Match(line) is { Success: true } chat)
        {
            _chat.TrySetResult(new Uri(chat.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"Login to the dashboard at (\S+)")]
    private static partial Regex DashboardLogin();

    [GeneratedRegex(@"The chat is ready: open (\S+)")]
    private static partial Regex ChatReady();
}
