using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChatBot.AppHost.Topology;

public static class WebFrontEnd
{
    /// <summary>
    /// Gives the front end every API replica's own address (<c>services__apiservice__http__0</c>, <c>…__1</c>):
    /// it spreads new connections over them and sends a resumed SignalR connection back to its replica.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithApiReplicas(
        this IResourceBuilder<ProjectResource> web, IReadOnlyList<IResourceBuilder<ProjectResource>> replicas)
    {
        for (var i = 0; i < replicas.Count; i++)
        {
            web.WithEnvironment($"services__apiservice__http__{i}", replicas[i].GetEndpoint("http"))
                .WaitFor(replicas[i]);
        }

        return web;
    }

    /// <summary>Says on the console where the chat is, once it answers.</summary>
    public static IResourceBuilder<ProjectResource> AnnounceWhenReady(this IResourceBuilder<ProjectResource> web) =>
        web.OnResourceReady((resource, ready, _) =>
        {
            ready.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ChatBot.AppHost")
                .LogInformation("The chat is ready: open {Url}", resource.GetEndpoint("http").Url);
            return Task.CompletedTask;
        });
}
