using ChatBot.ApiService.Auth;
using Microsoft.AspNetCore.SignalR;

namespace ChatBot.ApiService.Hubs;

/// <summary>
/// Closes the hub connections of a session as soon as it ends, on this replica (and, through
/// <see cref="SessionEndings"/>, on every other): a connection lives no longer than the session that opened it.
/// </summary>
public sealed class HubSessions : IHubFilter
{
    private readonly Dictionary<Guid, Dictionary<string, HubCallerContext>> _connections = [];
    private readonly Lock _lock = new();

    public HubSessions(SessionEndings endings) => endings.Ended += Close;

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        Add(context.Context);
        try
        {
            await next(context);
        }
        catch
        {
            // A connection refused as it connects is never told disconnected.
            Remove(context.Context);
            throw;
        }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        Remove(context.Context);
        await next(context, exception);
    }

    private void Add(HubCallerContext connection)
    {
        if (connection.User?.GetSessionId() is not { } sessionId)
        {
            return;
        }

        lock (_lock)
        {
            if (!_connections.TryGetValue(sessionId, out var ofSession))
            {
                _connections[sessionId] = ofSession = [];
            }

            ofSession[connection.ConnectionId] = connection;
        }
    }

    private void Remove(HubCallerContext connection)
    {
        if (connection.User?.GetSessionId() is not { } sessionId)
        {
            return;
        }

        lock (_lock)
        {
            if (_connections.TryGetValue(sessionId, out var ofSession) && ofSession.Remove(connection.ConnectionId) && ofSession.Count == 0)
            {
                _connections.Remove(sessionId);
            }
        }
    }

    private void Close(Guid sessionId)
    {
        List<HubCallerContext> ended;
        lock (_lock)
        {
            if (!_connections.Remove(sessionId, out var ofSession))
            {
                return;
            }

            ended = [.. ofSession.Values];
        }

        ended.ForEach(connection => connection.Abort());
    }
}
