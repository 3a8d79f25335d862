using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Refusals;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace ChatBot.ApiService.Security;

/// <summary>
/// A per-person quota on sending, across devices and replicas: a send over it is refused, <c>rate_limited</c>
/// with the seconds to wait, before anything is stored. If the quota itself cannot be read, sending goes on.
/// </summary>
public sealed partial class SendRateLimitFilter(
    IRateLimitStore store, IOptions<RateLimitOptions> options, ILogger<SendRateLimitFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (invocation.HubMethodName == nameof(ChatHub.SendMessage)
            && await WaitBeforeNextSendAsync(invocation.Context.UserIdentifier!) is { } wait)
        {
            throw Refusal.RateLimited(
                $"You are sending too fast; wait {Refusal.RetryAfterSeconds(wait)} s and try again.", wait).ToHubException();
        }

        return await next(invocation);
    }

    private async Task<TimeSpan?> WaitBeforeNextSendAsync(string userId)
    {
        try
        {
            return await store.TryTakeAsync($"send:{userId}", options.Value.SendPermitsPerSecond, options.Value.SendBurst);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogQuotaUnavailable(logger, exception);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The send quota could not be read; the send goes ahead")]
    private static partial void LogQuotaUnavailable(ILogger logger, Exception exception);
}
