namespace ChatBot.AppHost.Topology;

public static class ChatCache
{
    /// <summary>
    /// The Redis that keeps API replicas coherent (SignalR backplane, presence, rate limits): a container
    /// where a runtime answers, else redis-server from PATH.
    /// </summary>
    /// <exception cref="TopologyException">Neither can run here.</exception>
    public static IResourceBuilder<IResourceWithConnectionString> AddChatCache(
        this IDistributedApplicationBuilder builder, TopologyOptions topology, string name)
    {
        if (BackingServiceHost.UsesContainers(topology, builder.Configuration))
        {
            return builder.AddRedis(name);
        }

        var redis = new RedisServerResource(name, RedisServerResource.FindProgram(), builder.AppHostDirectory);
        return builder.AddResource(redis)
            .WithEndpoint(name: RedisServerResource.EndpointName, scheme: "tcp", isProxied: false)
            .WithArgs([.. RedisServerResource.Arguments(redis.Endpoint.Property(EndpointProperty.TargetPort))]);
    }

    /// <summary>Connects a service to the cache, when there is one, and starts it once the cache runs.</summary>
    public static IResourceBuilder<ProjectResource> WithCache(
        this IResourceBuilder<ProjectResource> service, IResourceBuilder<IResourceWithConnectionString>? cache) =>
        cache is null ? service : service.WithReference(cache).WaitFor(cache);
}
