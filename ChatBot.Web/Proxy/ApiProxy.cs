using System.Net.Http.Headers;
using ChatBot.Web.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Transforms;

namespace ChatBot.Web.Proxy;

/// <summary>
/// Forwards the browser's <c>/api/*</c> calls and <c>/hubs/*</c> WebSockets to the API, with the session's
/// bearer token attached here, on the server. The browser's cookies are not forwarded.
/// </summary>
public static class ApiProxy
{
    public static IServiceCollection AddApiProxy(this IServiceCollection services, IConfiguration configuration)
    {
        RouteConfig[] routes = [Route("api", "/api/{**rest}"), Route("hubs", "/hubs/{**rest}")];
        ClusterConfig[] clusters =
        [
            new()
            {
                ClusterId = ApiDestinations.ServiceName,
                LoadBalancingPolicy = "RoundRobin",
                Destinations = ApiDestinations.From(configuration),
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

    private static RouteConfig Route(string id, string path) => new()
    {
        RouteId = id,
        ClusterId = ApiDestinations.ServiceName,
        AuthorizationPolicy = "default",
        Match = new RouteMatch { Path = path },
    };

    /// <summary>
    /// What a cookie-authenticated proxy must refuse: calls that would hand tokens to the browser,
    /// WebSockets opened from another site, and unsafe API calls without the page's antiforgery token.
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
        if ((request.Path.StartsWithSegments("/hubs") || !isSafe) && !SameOrigin.IsSatisfiedBy(request))
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
