using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.ServiceDefaults;

/// <summary>
/// The client's address, as rate limits and security events need it: behind a proxy, the address that proxy
/// forwards (<c>X-Forwarded-For</c>), believed only from the proxies in <c>ForwardedHeaders:KnownProxies</c>
/// (addresses) and <c>ForwardedHeaders:KnownNetworks</c> (CIDR ranges), and, where the caller says so, loopback.
/// </summary>
public static class ClientAddresses
{
    public const string Section = "ForwardedHeaders";

    /// <param name="trustLoopback">Whether a peer on loopback is a proxy too (a front end on the same machine).</param>
    public static IServiceCollection AddForwardedClientAddresses(
        this IServiceCollection services, IConfiguration configuration, bool trustLoopback) =>
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor;
            if (!trustLoopback)
            {
                options.KnownProxies.Clear();
                options.KnownIPNetworks.Clear();
            }

            foreach (var proxy in configuration.GetSection($"{Section}:KnownProxies").Get<string[]>() ?? [])
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in configuration.GetSection($"{Section}:KnownNetworks").Get<string[]>() ?? [])
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });

    /// <summary>The client's address as text, an IPv4 address as IPv4 also when the socket speaks IPv6; null when not known.</summary>
    public static string? ClientAddress(this HttpContext? http) => http?.Connection.RemoteIpAddress is { } address
        ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
        : null;
}
