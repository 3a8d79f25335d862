using OpenTelemetry.Trace;
using StackExchange.Redis;

namespace ChatBot.ApiService.Hubs;

public static class ChatHubEndpoint
{
    public const string Path = "/hubs/chat";

    public static HubEndpointConventionBuilder MapChatHub(this IEndpointRouteBuilder app)
    {
        // The hub's Redis backplane, made here, unsubscribes as the app stops. Redis's connection and the tracer that
        // watches it are made first, so that they are disposed after it: else its last unsubscribe meets a disposed
        // tracer and the process ends with an unhandled exception on every graceful stop.
        _ = app.ServiceProvider.GetService<TracerProvider>();
        _ = app.ServiceProvider.GetService<IConnectionMultiplexer>();
        return app.MapHub<ChatHub>(Path, hub =>
            {
                // Stateful reconnect replays what a brief drop lost; delivery never depends on it: the database sequence does.
                hub.AllowStatefulReconnects = true;
                // A connection ends when its access token expires (the client reconnects with a fresh one) or its session does.
                hub.CloseOnAuthenticationExpiration = true;
            })
            .RequireConnectionOwner()
            .RefuseWhileStopping();
    }
}
