using ChatBot.ServiceDefaults;
using ChatBot.Web.Api;
using ChatBot.Web.Auth;
using ChatBot.Web.Proxy;
using ChatBot.Web.Security;
using Microsoft.AspNetCore.Authentication.Cookies;
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
        });
        services.AddProblemDetails();
        services.TryAddSingleton(TimeProvider.System);
        builder.AddSharedKeys();
        services.HideServerSoftware();

        services.AddMemoryCache();
        services.AddSingleton<ApiSessions>();
        services.AddHttpContextAccessor();
        // A browser's address comes from a proxy in front of this front end only when it is one of those
        // configured (a load balancer); nobody else, loopback included, may say whose request it is.
        services.AddForwardedClientAddresses(builder.Configuration, trustLoopback: false);
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
