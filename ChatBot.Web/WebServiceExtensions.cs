using ChatBot.Web.Api;
using ChatBot.Web.Auth;
using ChatBot.Web.Proxy;
using ChatBot.Web.Security;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ChatBot.Web;

public static class WebServiceExtensions
{
    public static IHostApplicationBuilder AddWebServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var https = Https.IsServed(builder.Configuration);

        services.AddRazorPages(options =>
        {
            options.Conventions.AuthorizeFolder("/");
            options.Conventions.AllowAnonymousToFolder("/Account");
            options.Conventions.AllowAnonymousToPage("/Error");
            // Pages show people's names and conversations: no cache may keep them.
            options.Conventions.ConfigureFilter(new ResponseCacheAttribute { NoStore = true, Location = ResponseCacheLocation.None });
        });
        services.AddProblemDetails();
        services.TryAddSingleton(TimeProvider.System);
        builder.AddSharedKeys();
        // No Server header: what runs the site is nobody's business.
        services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);

        services.AddMemoryCache();
        services.AddSingleton<ApiSessions>();
        services.AddHttpContextAccessor();
        services.AddTransient<ForwardedClientAddress>();
        services.AddHttpClient<ChatApiClient>(client => client.BaseAddress = new Uri($"https+http://{ApiDestinations.ServiceName}"))
            .AddHttpMessageHandler<ForwardedClientAddress>();

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(options =>
            {
                options.Cookie.Name = Https.CookieName("chatbot.session", https);
                options.Cookie.SecurePolicy = Https.CookiePolicy(https);
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.ExpireTimeSpan = Session.Lifetime;
                options.SlidingExpiration = true;
                options.LoginPath = "/Account/Login";
                options.EventsType = typeof(SessionCookieEvents);
            });
        services.AddScoped<SessionCookieEvents>();
        services.AddTransient<KnownDevice>();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = Https.CookieName("chatbot.antiforgery", https);
            options.Cookie.SecurePolicy = Https.CookiePolicy(https);
        });
        services.AddAuthorization();
        services.AddApiProxy(builder.Configuration);

        return builder;
    }
}
