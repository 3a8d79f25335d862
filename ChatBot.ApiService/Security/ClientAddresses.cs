using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace ChatBot.ApiService.Security;

/// <summary>
/// The client's address, as rate limits and security events need it: behind the web front end, the browser's,
/// which the front end forwards (X-Forwarded-For). Only proxies on loopback are believed, and those listed in
/// <c>ForwardedHeaders:KnownProxies</c> (a front end on another machine).
/// </summary>
public static class ClientAddresses
{
    public static IServiceCollection AddForwardedClientAddresses(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [];
        return services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            foreach (var proxy in proxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
    }
}
