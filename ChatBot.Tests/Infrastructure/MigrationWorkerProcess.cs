namespace ChatBot.Tests.Infrastructure;

/// <summary>The real migration worker, run as its own process to completion.</summary>
public static class MigrationWorkerProcess
{
    public static async Task<(int ExitCode, string Output)> RunAsync(string connectionString)
    {
        await using var worker = ChildProcess.StartDotnet(
            "ChatBot.MigrationWorker",
            environment: new Dictionary<string, string> { ["ConnectionStrings__chatdb"] = connectionString });
        var exitCode = await worker.WaitForExitAsync(TimeSpan.FromMinutes(1));
        return (exitCode, worker.Output);
    }

    public static async Task MigrateAsync(string connectionString)
    {
        var (exitCode, output) = await RunAsync(connectionString);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"The migration worker failed with exit code {exitCode}:\n{output}");
        }
    }
}
