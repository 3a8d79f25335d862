namespace ChatBot.AppHost.Topology;

internal static class EarlyTierUp
{
    /// <summary>
    /// The runtime optimizes a method once it has been called 30 times, but it starts counting the calls only
    /// when no new method has been compiled for 100 ms, and for ten times that on one core. A server that meets
    /// new code all through its first minute so ran it unoptimized all that time: S1 at 2,000 msgs/s, 3 s after
    /// start, took 442 µs of CPU per message where it takes about 200 once warm. Counting from the start
    /// (<c>TC_CallCountingDelayMs</c>, an environment setting of the runtime with no runtimeconfig.json
    /// equivalent) took that to 321 µs, with the same speed once warm (docs/benchmarks.md, "Warm start").
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithEarlyTierUp(this IResourceBuilder<ProjectResource> project) =>
        project.WithEnvironment(Variable, "0");

    /// <summary>The runtime's setting, as the environment gives it.</summary>
    public const string Variable = "DOTNET_TC_CallCountingDelayMs";
}
