namespace ChatBot.AppHost.Topology;

/// <summary>
/// Redis as redis-server from PATH: what runs where no container runtime does. Nothing is written to disk.
/// The tests start theirs with the same program and arguments.
/// </summary>
public sealed class RedisServerResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public EndpointReference Endpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Endpoint.Property(EndpointProperty.HostAndPort)}");

    /// <returns>The full path of redis-server on PATH.</returns>
    /// <exception cref="TopologyException">It is not there.</exception>
    public static string FindProgram() => BackingServiceHost.FindProgram(
        "redis-server", "Redis (--Redis, or more than one API replica)", "install it (Debian: apt install redis-server)");

    /// <summary>redis-server's arguments: its port, loopback only, and a cache (no snapshots, no append-only file).</summary>
    /// <param name="port">The port: a number, or the reference Aspire fills in once it has chosen one.</param>
    public static IEnumerable<object> Arguments(object port) =>
        ["--port", port, "--bind", "127.0.0.1 -::1", "--save", "", "--appendonly", "no"];
}
