using System.Net.Http.Headers;
using ChatBot.Web.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Transforms;

namespace ChatBot.Web.Proxy;

/// <summary>
/// Forwards the browser's <c>/api/*</c> calls to the API with YARP, the session's bearer token attached
/// here, on the server; the browser's cookies are not forwarded. The hub's WebSocket goes through
/// <see cref="HubRelay"/>, which uses the same destinations and health state.
/// </summary>
public static class ApiProxy
{
    public static IServiceCollection AddApiProxy(this IServiceCollection services, IConfiguration configuration)
    {
        RouteConfig[] routes =
        [
            new()
            {
                RouteId = "api",
                ClusterId = ApiDestinations.ServiceName,
                AuthorizationPolicy = "default",
                Match = new RouteMatch { Path = "/api/{**rest}" },
            },
        ];
        ClusterConfig[] clusters =
        [
            new()
            {
                ClusterId = ApiDestinations.ServiceName,
                LoadBalancingPolicy = "RoundRobin",
                Destinations = ApiDestinations.FromConfiguration(configuration),
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

        services.AddSingleton<ApiDestinations>();
        services.AddSingleton<RelayedConnectionToken>();
        services.AddHttpClient(nameof(HubRelay)).AddHttpMessageHandler<ForwardedClientAddress>();
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
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });

    /// <summary>
    /// What a cookie-authenticated proxy must refuse: calls that would hand tokens to the browser, and
    /// unsafe calls from another site or without the page's antiforgery token.
    /// </summary>
    private static async Task GuardAsync(HttpContext context, Func<Task> next)
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments("/api/auth"))
        {
            await Results.Problem("Not found.", statusCode: StatusCodes.Status404NotFound).ExecuteAsync(context);
            return;
        }

        var isSafe = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method);
        if (!isSafe && !SameOrigin.IsSatisfiedBy(request))
        {
            await Results.Problem("Cross-origin requests are refused.", statusCode: StatusCodes.Status403Forbidden)
                .ExecuteAsync(context);
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
}
