using ChatBot.ApiService.Refusals;

namespace ChatBot.ApiService.Hubs;

/// <summary>
/// A replica that is stopping takes no new hub connection. SignalR closes its connections as the app starts to
/// stop, and their clients reconnect at once; one that reached this replica before it stopped listening would hold
/// the shutdown open until the host's timeout (30 s), and then be cut. It is refused instead (503
/// <c>unavailable</c>), and its client's next try goes to another replica.
/// </summary>
public static class StoppingReplica
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    public static HubEndpointConventionBuilder RefuseWhileStopping(this HubEndpointConventionBuilder hub)
    {
        hub.Add(endpoint =>
        {
            var handle = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = http =>
                http.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested
                    ? Refusal.Unavailable("This server is stopping: connect again.", RetryAfter).ToProblem().ExecuteAsync(http)
                    : handle(http);
        });
        return hub;
    }
}
