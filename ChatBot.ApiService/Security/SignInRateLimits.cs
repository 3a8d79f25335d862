using System.Threading.RateLimiting;
using ChatBot.ApiService.Refusals;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace ChatBot.ApiService.Security;

/// <summary>
/// Signing in and registering cost a password hash each (PBKDF2, 210,000 iterations): ASP.NET Core's rate
/// limiter bounds them per client address and, so that many clients together cannot starve the server either,
/// in all. An attempt over either limit is refused <c>rate_limited</c> before any work is done.
/// </summary>
public static class SignInRateLimits
{
    public const string Policy = "sign-in";

    public static IServiceCollection AddSignInRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((options, limits) =>
        {
            var perClient = limits.Value.SignInsPerClientPerMinute;
            var all = limits.Value.SignInsPerMinute;
            options.AddPolicy(Policy, http => RateLimitPartition.GetTokenBucketLimiter(SecurityEvents.ClientOf(http), _ => PerMinute(perClient, perClient)));
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http => IsSignIn(http)
                ? RateLimitPartition.GetTokenBucketLimiter(Policy, _ => PerMinute(all, Math.Max(1, all / 30)))
                : RateLimitPartition.GetNoLimiter(""));
            options.OnRejected = RefuseAsync;
        });
        return services;
    }

    private static bool IsSignIn(HttpContext http) =>
        http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == Policy;

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
        http.RequestServices.GetRequiredService<SecurityEvents>().SignInThrottled(Policy, SecurityEvents.ClientOf(http));
        http.Response.Headers.RetryAfter = Refusal.RetryAfterSeconds(wait).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Refusal.RateLimited($"Too many sign-in attempts; wait {Refusal.RetryAfterSeconds(wait)} s and try again.", wait)
            .ToProblem()
            .ExecuteAsync(http);
    }
}
