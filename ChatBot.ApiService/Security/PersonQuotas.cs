using ChatBot.ApiService.Refusals;

namespace ChatBot.ApiService.Security;

/// <summary>A quota: a steady number of calls a second, and how many may come at once after a pause.</summary>
public sealed class Quota
{
    public double PermitsPerSecond { get; set; }

    public int Burst { get; set; }
}

/// <summary>
/// Quotas per person, across devices and replicas (<see cref="IRateLimitStore"/>): the hub's methods'
/// (<see cref="HubMethodQuotas"/>) and the REST routes' (<see cref="RestQuotas"/>). A call over its quota is
/// refused <c>rate_limited</c>, with the seconds to wait, before it does anything; if the quota itself cannot
/// be read, the call goes ahead.
/// </summary>
public sealed partial class PersonQuotas(IRateLimitStore store, SecurityEvents events, ILogger<PersonQuotas> logger)
{
    /// <param name="name">The quota's name, as the security log and the refusal's text give it.</param>
    /// <param name="tooFast">The refusal's text, given the whole seconds to wait.</param>
    /// <returns>Why the call is refused; null when it may go ahead.</returns>
    public async Task<Refusal?> TakeAsync(string name, Quota quota, string userId, HttpContext? http, Func<int, string> tooFast)
    {
        TimeSpan? wait;
        try
        {
            wait = await store.TryTakeAsync($"quota:{name}:{userId}", quota.PermitsPerSecond, quota.Burst);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogQuotaUnavailable(logger, exception, name);
            return null;
        }

        if (wait is not { } retryAfter)
        {
            return null;
        }

        events.QuotaHit(name, userId, SecurityEvents.ClientOf(http));
        return Refusal.RateLimited(tooFast(Refusal.RetryAfterSeconds(retryAfter)), retryAfter);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The quota {Quota} could not be read; the call goes ahead")]
    private static partial void LogQuotaUnavailable(ILogger logger, Exception exception, string quota);
}
