using ChatBot.ApiService.Refusals;
using ChatBot.ApiService.Security;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace ChatBot.ApiService.Hubs;

/// <summary>
/// At most <see cref="RateLimitOptions.MaxConnectionsPerPerson"/> hub connections per person, across every
/// replica: one more is closed as it connects, <c>too_many_connections</c>. If the count cannot be read, the
/// connection goes ahead.
/// </summary>
public sealed partial class ConnectionQuota(
    IConnectionCounter counter, IOptions<RateLimitOptions> options, SecurityEvents events, ILogger<ConnectionQuota> logger) : IHubFilter
{
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var connection = context.Context;
        var max = options.Value.MaxConnectionsPerPerson;
        if (!await TryCountInAsync(connection, max))
        {
            events.QuotaHit("connections", connection.UserIdentifier!, SecurityEvents.ClientOf(connection.GetHttpContext()));
            throw new Refusal(
                    RefusalCodes.TooManyConnections,
                    $"You have {max} chat connections open already: close a tab or sign out on a device, then try again.",
                    new Dictionary<string, object> { ["maxConnections"] = max })
                .ToHubException();
        }

        try
        {
            await next(context);
        }
        catch
        {
            // A connection refused as it connects is never told disconnected.
            await CountOutAsync(connection);
            throw;
        }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        await CountOutAsync(context.Context);
        await next(context, exception);
    }

    private async Task<bool> TryCountInAsync(HubCallerContext connection, int max)
    {
        try
        {
            return await counter.TryAddAsync(connection.UserIdentifier!, connection.ConnectionId, max);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogCountUnavailable(logger, exception);
            return true;
        }
    }

    private async Task CountOutAsync(HubCallerContext connection)
    {
        try
        {
            await counter.RemoveAsync(connection.UserIdentifier!, connection.ConnectionId);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogCountUnavailable(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The count of a person's connections could not be read; the connection goes ahead")]
    private static partial void LogCountUnavailable(ILogger logger, Exception exception);
}
