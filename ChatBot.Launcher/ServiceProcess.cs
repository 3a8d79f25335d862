using System.Diagnostics;
using System.Runtime.InteropServices;

namespace ChatBot.Launcher;

/// <summary>One service of the topology as a child process; each line it writes is prefixed with its name.</summary>
public sealed partial class ServiceProcess
{
    private static readonly Lock ConsoleLock = new();

    private readonly Process _process;
    private readonly string _prefix;
    private readonly ConsoleColor _color;

    private ServiceProcess(string name, Process process, ConsoleColor color)
    {
        Name = name;
        _process = process;
        _prefix = $"{name,-12}| ";
        _color = color;
    }

    public string Name { get; }

    /// <summary>Completes with the exit code when the process ends, for whatever reason.</summary>
    public Task<int> Exited { get; private set; } = Task.FromResult(-1);

    public static ServiceProcess Start(
        string name,
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        ConsoleColor color)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var service = new ServiceProcess(name, process, color);
        process.OutputDataReceived += (_, line) => service.Write(line.Data);
        process.ErrorDataReceived += (_, line) => service.Write(line.Data);
        if (!process.Start())
        {
            throw new LaunchException($"{name} could not be started.");
        }

        service.Exited = service.WaitForExitCodeAsync();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Asks the process to stop (SIGTERM), and kills it if it has not within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        if (OperatingSystem.IsWindows() || Terminate(_process.Id, Sigterm) != 0)
        {
            _process.Kill(entireProcessTree: true);
        }

        try
        {
            await _process.WaitForExitAsync().WaitAsync(grace);
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public static void WriteLine(string prefix, ConsoleColor color, string text)
    {
        lock (ConsoleLock)
        {
            Console.ForegroundColor = color;
            Console.Write(prefix);
            Console.ResetColor();
            Console.WriteLine(text);
        }
    }

    private void Write(string? line)
    {
        if (line is not null)
        {
            WriteLine(_prefix, _color, line);
        }
    }

    private async Task<int> WaitForExitCodeAsync()
    {
        await _process.WaitForExitAsync();
        return _process.ExitCode;
    }

    private const int Sigterm = 15;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Terminate(int pid, int signal);
}
