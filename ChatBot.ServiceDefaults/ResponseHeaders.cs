using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace ChatBot.ServiceDefaults;

public static class ResponseHeaders
{
    /// <summary>No <c>Server</c> header: what runs a service is nobody's business.</summary>
    public static IServiceCollection HideServerSoftware(this IServiceCollection services) =>
        services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);

    /// <summary>
    /// An answer is about one person and changes all the time: no cache may keep it, whatever its status (a
    /// redirect, a refusal, an error page), unless what answers says how it may be kept (static files do).
    /// </summary>
    public static IApplicationBuilder UseNoStore(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // Set as the answer starts: the exception handler clears the headers of an answer it replaces.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.TryAdd(HeaderNames.CacheControl, "no-store");
                return Task.CompletedTask;
            });
            return next();
        });
}
