using System.Diagnostics;
using System.Text;

namespace ChatBot.Tests.Infrastructure;

/// <summary>A process a test starts (a service, the launcher, redis-server); disposing kills it by its PID.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _outputLock = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _awaited = [];

    private ChildProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get
        {
            lock (_outputLock)
            {
                return _output.ToString();
            }
        }
    }

    /// <param name="host">The test host to start it in; none: this machine's own network.</param>
    public static ChildProcess Start(
        string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null,
        string? workingDirectory = null, TestHost? host = null)
    {
        if (host is not null)
        {
            (fileName, var inHost) = host.Command(fileName, arguments);
            arguments = inHost;
        }

        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Append(e.Data);
        process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Starts a .NET assembly of this repository with <c>dotnet</c>.</summary>
    public static ChildProcess StartDotnet(
        string project, IEnumerable<string>? arguments = null, IReadOnlyDictionary<string, string>? environment = null,
        TestHost? host = null) =>
        Start("dotnet", [TestPaths.AssemblyOf(project), .. arguments ?? []], environment,
            Path.Combine(TestPaths.RepositoryRoot, project), host);

    /// <summary>Completes once <paramref name="address"/> answers 200 at <paramref name="path"/>; fails if the process exits first.</summary>
    public async Task WaitUntilAnswersAsync(Uri address, string path, TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        using var deadline = new CancellationTokenSource(timeout);
        var answer = "nothing";
        try
        {
            while (true)
            {
                if (HasExited)
                {
                    throw new InvalidOperationException($"The process exited with code {ExitCode} while starting:\n{Output}");
                }

                try
                {
                    using var response = await http.GetAsync(path, deadline.Token);
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }

                    answer = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(deadline.Token)}";
                }
                catch (HttpRequestException e)
                {
                    answer = e.Message; // not listening yet
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"{address}{path.TrimStart('/')} did not answer 200 within {timeout.TotalSeconds:0} s; last: {answer}. Output:\n{Output}");
        }
    }

    /// <summary>Completes when the output contains <paramref name="text"/>; fails if the process exits first.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_outputLock)
        {
            if (_output.ToString().Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            _awaited.Add((text, seen));
        }

        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(seen.Task, exited).WaitAsync(timeout);
        if (first == exited && !seen.Task.IsCompleted)
        {
            throw new InvalidOperationException($"The process exited with code {_process.ExitCode} before writing '{text}'. Output:\n{Output}");
        }
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>kill -9: the process gets no chance to clean up, as in a crash.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>kill -TERM: the polite request to stop.</summary>
    public void Terminate() => Signal("TERM");

    /// <summary>Sends the process a signal by name: TERM, STOP (it freezes, as a paused VM), CONT (it goes on).</summary>
    public void Signal(string name)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", [$"-{name}", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_outputLock)
        {
            _output.AppendLine(line);
            foreach (var awaited in _awaited.Where(a => line.Contains(a.Text, StringComparison.Ordinal)).ToList())
            {
                awaited.Seen.TrySetResult();
                _awaited.Remove(awaited);
            }
        }
    }
}
