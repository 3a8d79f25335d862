using ChatBot.Web.Api;
using ChatBot.Web.Security;

namespace ChatBot.Web.Auth;

/// <summary>
/// The API's device token for this browser, kept in an HttpOnly cookie of its own that outlives sessions:
/// with it, a lock that strangers' failed guesses put on a person's user name does not keep them out here.
/// </summary>
public static partial class KnownDevice
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    public static string? Read(HttpRequest request) => request.Cookies[CookieName(request.HttpContext)];

    /// <summary>Asks the API for a device token for the person just signed in; best effort, as signing in went well without it.</summary>
    public static async Task RememberAsync(HttpContext http, ChatApiClient api, ApiTokens tokens, CancellationToken cancellationToken)
    {
        try
        {
            var token = await api.GetDeviceTokenAsync(tokens.AccessToken, cancellationToken);
            var https = Https.IsServed(http.RequestServices.GetRequiredService<IConfiguration>());
            http.Response.Cookies.Append(CookieName(http), token, new CookieOptions
            {
                HttpOnly = true,
                Secure = https || http.Request.IsHttps,
                SameSite = SameSiteMode.Strict,
                Path = "/",
                MaxAge = Lifetime,
                IsEssential = true,
            });
        }
        catch (HttpRequestException exception)
        {
            LogRememberFailed(http.RequestServices.GetRequiredService<ILogger<ApiTokens>>(), exception);
        }
    }

    private static string CookieName(HttpContext http) =>
        Https.CookieName("chatbot.device", Https.IsServed(http.RequestServices.GetRequiredService<IConfiguration>()));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Getting a device token from the API failed; this browser is not remembered")]
    private static partial void LogRememberFailed(ILogger logger, Exception exception);
}
