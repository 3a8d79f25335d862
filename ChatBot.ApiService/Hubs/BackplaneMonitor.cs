using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace ChatBot.ApiService.Hubs;

/// <summary>
/// While the Redis backplane is down, messages sent on other replicas do not reach this one's connections
/// live (they are stored all the same). When its subscription is back, every connection here is asked to
/// catch up from the database.
/// </summary>
public sealed partial class BackplaneMonitor(
    LocalConnections connections,
    IServiceProvider services,
    ILogger<BackplaneMonitor> logger)
{
    public IConnectionMultiplexer Watch(IConnectionMultiplexer backplane)
    {
        backplane.ConnectionRestored += (_, restored) =>
        {
            if (restored.ConnectionType == ConnectionType.Subscription)
            {
                _ = RequestResyncAsync();
            }
        };
        return backplane;
    }

    private async Task RequestResyncAsync()
    {
        // Resolved here, not injected: the hub context depends on the backplane this monitor is given.
        var hub = services.GetRequiredService<IHubContext<ChatHub, IChatClient>>();
        var local = connections.ConnectionIds;
        LogResync(logger, local.Count);
        foreach (var connectionId in local)
        {
            try
            {
                // A local connection is written to directly: this does not depend on Redis.
                await hub.Clients.Client(connectionId).ResyncRequested();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogResyncFailed(logger, exception, connectionId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Redis backplane is back; asking {Count} connection(s) to catch up")]
    private static partial void LogResync(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Asking connection {ConnectionId} to catch up failed")]
    private static partial void LogResyncFailed(ILogger logger, Exception exception, string connectionId);
}
