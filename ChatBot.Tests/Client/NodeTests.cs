using System.Diagnostics;
using System.Text.Json;
using ChatBot.Tests.Infrastructure;

namespace ChatBot.Tests.Client;

/// <summary>One result of a browser client unit test, as <c>node-reporter.mjs</c> writes it.</summary>
public sealed record NodeTestResult(string Name, bool Passed, bool Skipped, double DurationMs, string? Error);

/// <summary>
/// Runs the browser client's unit tests (<c>node --test</c> over <c>ChatBot.Web/ClientTests</c>) with a
/// reporter that writes one JSON line per test. Listing them runs nothing (no test name matches the
/// pattern); running them runs all at once, and every xunit test reads its own result from that run.
/// </summary>
public static class NodeTests
{
    private static readonly string WebProject = Path.Combine(TestPaths.RepositoryRoot, "ChatBot.Web");
    private static readonly string Reporter = Path.Combine(TestPaths.RepositoryRoot, "ChatBot.Tests", "Client", "node-reporter.mjs");
    private static readonly Lazy<Task<Dictionary<string, NodeTestResult>>> Results = new(RunAllAsync);

    /// <summary>The tests' names; a single name saying why, when node cannot list them.</summary>
    public static IEnumerable<string> List()
    {
        try
        {
            var (results, _) = RunAsync(["--test-name-pattern=^(?!)"]).GetAwaiter().GetResult();
            return results.Count > 0 ? results.Select(r => r.Name) : ["no client unit tests were found"];
        }
        catch (Exception exception) when (exception is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return [$"node could not list the client unit tests: {exception.Message}"];
        }
    }

    public static async Task<NodeTestResult?> ResultOfAsync(string name) =>
        (await Results.Value).GetValueOrDefault(name);

    private static async Task<Dictionary<string, NodeTestResult>> RunAllAsync()
    {
        var (results, output) = await RunAsync([]);
        var byName = new Dictionary<string, NodeTestResult>();
        foreach (var result in results)
        {
            byName[result.Name] = result;
        }

        return byName.Count > 0 ? byName : throw new InvalidOperationException($"node ran no client unit test:\n{output}");
    }

    private static async Task<(List<NodeTestResult> Results, string Output)> RunAsync(string[] options)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = WebProject,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["--test", $"--test-reporter={Reporter}", .. options, "ClientTests/"])
        {
            start.ArgumentList.Add(argument);
        }

        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = node.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = node.StandardError.ReadToEndAsync(timeout.Token);
        await node.WaitForExitAsync(timeout.Token);

        var results = new List<NodeTestResult>();
        foreach (var line in (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('{'))
            {
                results.Add(JsonSerializer.Deserialize<NodeTestResult>(line, JsonSerializerOptions.Web)!);
            }
        }

        return (results, $"{await stdout}\n{await stderr}");
    }
}
