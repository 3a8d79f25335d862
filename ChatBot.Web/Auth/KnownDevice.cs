using ChatBot.Web.Api;
using ChatBot.Web.Security;

namespace ChatBot.Web.Auth;

/// <summary>
/// The API's device token for this browser, kept in an HttpOnly cookie of its own that outlives sessions:
/// with it, a lock that strangers' failed guesses put on a person's user name does not keep them out here.
/// The token, and how long it works, are the API's.
/// </summary>
public sealed partial class KnownDevice(ChatApiClient api, IConfiguration configuration, ILogger<KnownDevice> logger)
{
    private readonly bool _https = Https.IsServed(configuration);

    private string CookieName => Https.CookieName("chatbot.device", _https);

    public string? Read(HttpRequest request) => request.Cookies[CookieName];

    /// <summary>Asks the API for a device token for the person just signed in; best effort, as signing in went well without it.</summary>
    public async Task RememberAsync(HttpContext http, ApiTokens tokens, CancellationToken cancellationToken)
    {
        try
        {
            var device = await api.GetDeviceTokenAsync(tokens.AccessToken, cancellationToken);
            http.Response.Cookies.Append(CookieName, device.Token, new CookieOptions
            {
                HttpOnly = true,
                Secure = _https || http.Request.IsHttps,
                SameSite = SameSiteMode.Strict,
                Path = "/",
                Expires = device.ExpiresAt,
                IsEssential = true,
            });
        }
        catch (HttpRequestException exception)
        {
            LogRememberFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Getting a device token from the API failed; this browser is not remembered")]
    private static partial void LogRememberFailed(ILogger logger, Exception exception);
}
