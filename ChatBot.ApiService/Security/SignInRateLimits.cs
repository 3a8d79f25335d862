using System.Threading.RateLimiting;
using ChatBot.ApiService.Refusals;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ChatBot.ApiService.Security;

/// <summary>
/// Signing in and registering cost a password hash each: ASP.NET Core's rate limiter bounds them per client
/// address and, so that many clients together cannot starve the server either, in all. The client's own limit
/// is asked first, and only an attempt within it is counted against everyone's: a client refused for its own
/// attempts spends nobody else's allowance. An attempt over either limit is refused <c>rate_limited</c>
/// before any work is done.
/// </summary>
public static class SignInRateLimits
{
    /// <summary>The endpoints that sign in (<see cref="LimitSignIns{TBuilder}"/>).</summary>
    private sealed class SignInEndpoint;

    private const string Everyone = "all clients";

    public static IServiceCollection AddSignInRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((options, limits) =>
        {
            var perClient = limits.Value.SignInsPerClientPerMinute;
            var all = limits.Value.SignInsPerMinute;
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                Limiter(http => SecurityEvents.ClientOf(http), PerMinute(perClient, perClient)),
                Limiter(_ => Everyone, PerMinute(all, Math.Max(1, all / 30))));
            options.OnRejected = RefuseAsync;
        });
        return services;
    }

    /// <summary>Counts the endpoint's requests against the sign-in limits.</summary>
    public static TBuilder LimitSignIns<TBuilder>(this TBuilder endpoint) where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new SignInEndpoint());

    private static PartitionedRateLimiter<HttpContext> Limiter(Func<HttpContext, string> partition, TokenBucketRateLimiterOptions limit) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http => http.GetEndpoint()?.Metadata.GetMetadata<SignInEndpoint>() is null
            ? RateLimitPartition.GetNoLimiter("")
            : RateLimitPartition.GetTokenBucketLimiter(partition(http), _ => limit));

    private static TokenBucketRateLimiterOptions PerMinute(int permits, int burst) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromMinutes(1) / permits,
        QueueLimit = 0,
    };

    private static async ValueTask RefuseAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
        http.RequestServices.GetRequiredService<SecurityEvents>().SignInThrottled("sign-in", SecurityEvents.ClientOf(http));
        await Refusal.RateLimited($"Too many sign-in attempts; wait {Refusal.RetryAfterSeconds(wait)} s and try again.", wait)
            .ToProblem()
            .ExecuteAsync(http);
    }
}
