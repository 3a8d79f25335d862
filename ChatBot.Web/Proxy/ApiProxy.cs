using System.Net.Http.Headers;
using ChatBot.Web.Auth;
using ChatBot.Web.Security;
using Microsoft.AspNetCore.Antiforgery;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.SessionAffinity;
using Yarp.ReverseProxy.Transforms;

namespace ChatBot.Web.Proxy;

/// <summary>
/// Forwards the browser's <c>/api/*</c> calls and its hub connection (<c>/hubs/*</c>: the negotiation, then the
/// WebSocket) to the API with YARP, the session's bearer token attached here, on the server; the browser's cookies
/// are not forwarded. A browser stays with one replica (session affinity), so that a hub connection negotiated
/// there, and every stateful reconnect of it, reaches the replica that holds it. The affinity cookie names the
/// replica by a hash of its id, which every front end reads alike: a load balancer in front of several front
/// ends needs no sticky sessions. What a connection token is worth, and to whom, is the API's to say
/// (it seals it to the person who negotiated it); how large a hub message may be too: frames pass through.
/// </summary>
public static class ApiProxy
{
    private const string HubPath = "/hubs";

    public static IServiceCollection AddApiProxy(this IServiceCollection services, IConfiguration configuration)
    {
        var https = Https.IsServed(configuration);
        RouteConfig[] routes =
        [
            new()
            {
                RouteId = "api",
                ClusterId = ApiDestinations.ServiceName,
                AuthorizationPolicy = "default",
                Match = new RouteMatch { Path = "/api/{**rest}" },
            },
            new()
            {
                RouteId = "hub",
                ClusterId = ApiDestinations.ServiceName,
                AuthorizationPolicy = "default",
                Match = new RouteMatch { Path = $"{HubPath}/{{**rest}}" },
            },
        ];
        ClusterConfig[] clusters =
        [
            new()
            {
                ClusterId = ApiDestinations.ServiceName,
                LoadBalancingPolicy = "RoundRobin",
                Destinations = ApiDestinations.FromConfiguration(configuration),
                SessionAffinity = new SessionAffinityConfig
                {
                    Enabled = true,
                    Policy = SessionAffinityConstants.Policies.HashCookie,
                    // A replica that is gone hands its browsers to another, where they negotiate anew.
                    FailurePolicy = SessionAffinityConstants.FailurePolicies.Redistribute,
                    AffinityKeyName = Https.CookieName("chatbot.replica", https),
                    Cookie = new SessionAffinityCookieConfig
                    {
                        HttpOnly = true,
                        IsEssential = true,
                        SameSite = SameSiteMode.Lax,
                        SecurePolicy = Https.CookiePolicy(https),
                    },
                },
                HealthCheck = new HealthCheckConfig
                {
                    // A replica that stops answering is taken out of the rotation until it answers again;
                    // if none answers, all are tried.
                    AvailableDestinationsPolicy = "HealthyOrPanic",
                    Active = new ActiveHealthCheckConfig
                    {
                        Enabled = true,
                        Interval = TimeSpan.FromSeconds(5),
                        Timeout = TimeSpan.FromSeconds(2),
                        Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                        Path = "/alive",
                    },
                    Passive = new PassiveHealthCheckConfig
                    {
                        Enabled = true,
                        Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                        ReactivationPeriod = TimeSpan.FromSeconds(10),
                    },
                },
            },
        ];

        services.AddReverseProxy()
            .LoadFromMemory(routes, clusters)
            .AddTransforms(builder =>
            {
                builder.AddRequestHeaderRemove("Cookie");
                builder.AddRequestTransform(async context =>
                {
                    var token = await Session.AccessTokenAsync(context.HttpContext);
                    context.ProxyRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                });
            });
        return services;
    }

    public static IEndpointConventionBuilder MapApiProxy(this IEndpointRouteBuilder app) =>
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(GuardAsync);
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });

    /// <summary>
    /// What a cookie-authenticated proxy must refuse: calls that would hand tokens to the browser, unsafe calls
    /// from another site or without the page's antiforgery token, and hub requests (a WebSocket's too, which a
    /// browser opens from any site with the cookies of this one) from another site.
    /// </summary>
    private static async Task GuardAsync(HttpContext context, Func<Task> next)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/api/auth"))
        {
            await Results.Problem("Not found.", statusCode: StatusCodes.Status404NotFound).ExecuteAsync(context);
            return;
        }

        if (request.Path.StartsWithSegments(HubPath))
        {
            await (SameOrigin.IsSatisfiedBy(request) ? next() : CrossOriginRefused(context));
            return;
        }

        var isSafe = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method);
        if (!isSafe && !SameOrigin.IsSatisfiedBy(request))
        {
            await CrossOriginRefused(context);
            return;
        }

        if (!isSafe && !await context.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(context))
        {
            await Results.Problem("The request lacks a valid antiforgery token; reload the page.", statusCode: StatusCodes.Status400BadRequest)
                .ExecuteAsync(context);
            return;
        }

        await next();
    }

    private static Task CrossOriginRefused(HttpContext context) =>
        Results.Problem("Cross-origin requests are refused.", statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
}
