namespace ChatBot.ApiService.Hubs;

public static class ChatHubEndpoint
{
    public const string Path = "/hubs/chat";

    public static HubEndpointConventionBuilder MapChatHub(this IEndpointRouteBuilder app) =>
        app.MapHub<ChatHub>(Path, hub =>
            {
                // Stateful reconnect replays what a brief drop lost; delivery never depends on it: the database sequence does.
                hub.AllowStatefulReconnects = true;
                // A connection ends when its access token expires (the client reconnects with a fresh one) or its session does.
                hub.CloseOnAuthenticationExpiration = true;
            })
            .RequireConnectionOwner();
}
