namespace ChatBot.AppHost.Topology;

/// <summary>
/// PostgreSQL as the machine's own <c>postgres</c> program, on a cluster in the data folder: what runs where
/// no container runtime does. It listens on loopback only and asks for the cluster's password.
/// </summary>
public sealed class PostgresServerResource(string name, string command, string workingDirectory, string password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public EndpointReference Endpoint => new(this, EndpointName);

    /// <summary>The server, as the maintenance database <c>postgres</c>; a service's database is named after it.</summary>
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PostgresCluster.ListenAddress};Port={Endpoint.Property(EndpointProperty.Port)};Username={PostgresCluster.Superuser};Password={password}");
}
