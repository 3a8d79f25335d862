using ChatBot.ApiService.Users;
using Microsoft.Extensions.Options;

namespace ChatBot.ApiService.Security;

/// <summary>
/// A per-person quota on a REST route that writes or searches (<see cref="PersonQuotas"/>), named in
/// <see cref="RateLimitOptions.RestRoutes"/>: people find and open conversations and manage groups at the pace
/// of a person, not of a script.
/// </summary>
public static class RestQuotas
{
    public static TBuilder WithQuota<TBuilder>(this TBuilder endpoint, string quota) where TBuilder : IEndpointConventionBuilder =>
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var limits = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
            var refused = await http.RequestServices.GetRequiredService<PersonQuotas>().TakeAsync(
                quota, limits.RestRoutes[quota], http.User.GetUserId(), http, seconds => $"Too many {quota} requests; wait {seconds} s and try again.");
            return refused is null ? await next(context) : refused.ToProblem();
        });
}
