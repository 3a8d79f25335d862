using System.Runtime.CompilerServices;

namespace ChatBot.Tests.Infrastructure;

/// <summary>
/// The processes the tests start (the API, the web front end, the migration worker, the AppHost's services and
/// the load generator) live for seconds, not days. The runtime compiles a method again, optimized, once it has
/// been called 30 times: for a test's API, its start and first 80 messages took 6.3 s of CPU, and 4.2 s with a
/// threshold of 1,000, work a process killed a minute later would never have earned back. Every process started
/// from here inherits that threshold; this process, which runs the whole suite and gains nothing from it, keeps
/// the default. A run that sets the variable itself keeps its own value (30 is the runtime's default).
/// </summary>
internal static class ShortLivedProcesses
{
    private const string Variable = "DOTNET_TC_CallCountThreshold";

    private const string CallsBeforeOptimizing = "1000";

    [ModuleInitializer]
    internal static void InheritFewerRecompilations()
    {
        if (Environment.GetEnvironmentVariable(Variable) is null)
        {
            Environment.SetEnvironmentVariable(Variable, CallsBeforeOptimizing);
        }
    }
}
