using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Refusals;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace ChatBot.ApiService.Security;

/// <summary>
/// A per-person quota on every hub method, across devices and replicas: a call over it is refused,
/// <c>rate_limited</c> with the seconds to wait, before it does anything. If the quota itself cannot be read,
/// the call goes on.
/// </summary>
public sealed partial class HubMethodQuotas(
    IRateLimitStore store, IOptions<RateLimitOptions> options, SecurityEvents events, ILogger<HubMethodQuotas> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var method = invocation.HubMethodName;
        var userId = invocation.Context.UserIdentifier!;
        if (QuotaOf(method) is { } quota && await WaitBeforeNextAsync(method, userId, quota) is { } wait)
        {
            events.QuotaHit(method, userId, SecurityEvents.ClientOf(invocation.Context.GetHttpContext()));
            var seconds = Refusal.RetryAfterSeconds(wait);
            throw Refusal.RateLimited(
                method == nameof(ChatHub.SendMessage)
                    ? $"You are sending too fast; wait {seconds} s and try again."
                    : $"Too many {method} calls; wait {seconds} s and try again.",
                wait).ToHubException();
        }

        return await next(invocation);
    }

    private HubQuota? QuotaOf(string method) => method == nameof(ChatHub.SendMessage)
        ? new HubQuota { PermitsPerSecond = options.Value.SendPermitsPerSecond, Burst = options.Value.SendBurst }
        : options.Value.HubMethods.GetValueOrDefault(method);

    private async Task<TimeSpan?> WaitBeforeNextAsync(string method, string userId, HubQuota quota)
    {
        try
        {
            return await store.TryTakeAsync($"hub:{method}:{userId}", quota.PermitsPerSecond, quota.Burst);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogQuotaUnavailable(logger, exception, method);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The quota of {Method} could not be read; the call goes ahead")]
    private static partial void LogQuotaUnavailable(ILogger logger, Exception exception, string method);
}
