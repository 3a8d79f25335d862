using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace ChatBot.ApiService.Security;

public static class ResponseHeaders
{
    /// <summary>No <c>Server</c> header: what runs the API is nobody's business.</summary>
    public static IServiceCollection HideServerSoftware(this IServiceCollection services) =>
        services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);

    /// <summary>Every answer is about one person and changes all the time: no cache may keep it.</summary>
    public static IApplicationBuilder UseNoStore(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // Set as the answer starts: the exception handler clears the headers of an answer it replaces.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            return next();
        });
}
