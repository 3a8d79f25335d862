using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.AppHost.Topology;

/// <summary>The <c>chatdb</c> connection string the services get, and what they wait for before they start.</summary>
public sealed record ChatDatabase(IResourceBuilder<IResourceWithConnectionString> ConnectionString, IResourceBuilder<IResource>? Server)
{
    public const string Name = "chatdb";
}

public static class ChatDatabaseExtensions
{
    /// <summary>
    /// SQLite in the data folder, or PostgreSQL: a container where a runtime answers (its data in a volume),
    /// else the machine's PostgreSQL on a cluster in the data folder.
    /// </summary>
    /// <exception cref="TopologyException">PostgreSQL cannot run here.</exception>
    public static ChatDatabase AddChatDatabase(this IDistributedApplicationBuilder builder, TopologyOptions topology)
    {
        if (topology.Database == Database.Sqlite)
        {
            return new ChatDatabase(builder.AddConnectionString(
                ChatDatabase.Name, ReferenceExpression.Create($"Data Source={Path.Combine(topology.DataFolder, "chatbot.db")}")), Server: null);
        }

        if (BackingServiceHost.UsesContainers(topology, builder.Configuration))
        {
            var database = builder.AddPostgres("postgres").WithDataVolume().AddDatabase(ChatDatabase.Name);
            return new ChatDatabase(database, database);
        }

        var cluster = PostgresCluster.Open(Path.Combine(topology.DataFolder, "postgres"));
        var (command, arguments) = cluster.Server();
        var server = new PostgresServerResource("postgres", command, builder.AppHostDirectory, cluster.Password);
        var serverBuilder = builder.AddResource(server)
            .WithArgs([.. arguments])
            .WithEndpoint(name: PostgresServerResource.EndpointName, scheme: "tcp", isProxied: false)
            .WithArgs(context =>
            {
                context.Args.Add("-p");
                context.Args.Add(server.Endpoint.Property(EndpointProperty.TargetPort));
            })
            .WithServerHealthCheck(server);
        var chatdb = builder.AddConnectionString(
            ChatDatabase.Name, ReferenceExpression.Create($"{server.ConnectionStringExpression};Database={ChatDatabase.Name}"));
        return new ChatDatabase(chatdb, serverBuilder);
    }

    /// <summary>Connects a service to the database, and starts it once the database answers.</summary>
    public static IResourceBuilder<ProjectResource> WithChatDatabase(this IResourceBuilder<ProjectResource> service, ChatDatabase database)
    {
        service.WithReference(database.ConnectionString);
        return database.Server is null ? service : service.WaitFor(database.Server);
    }

    /// <summary>Healthy once the server takes connections; until then, whoever waits for it waits.</summary>
    private static IResourceBuilder<PostgresServerResource> WithServerHealthCheck(
        this IResourceBuilder<PostgresServerResource> server, PostgresServerResource resource)
    {
        string? connectionString = null;
        server.ApplicationBuilder.Eventing.Subscribe<ConnectionStringAvailableEvent>(resource, async (_, cancellationToken) =>
            connectionString = await resource.ConnectionStringExpression.GetValueAsync(cancellationToken));
        var key = $"{resource.Name}_check";
        server.ApplicationBuilder.Services.AddHealthChecks().AddNpgSql(
            _ => connectionString ?? throw new InvalidOperationException("PostgreSQL's address is not known yet."), name: key);
        return server.WithHealthCheck(key);
    }
}
