using System.Security.Claims;
using ChatBot.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ChatBot.Web.Auth;

/// <summary>
/// The browser's session: an encrypted, HttpOnly cookie that carries who the person is, the API session it
/// stands for, and that session's tokens. The tokens never reach the browser's script; the proxy attaches
/// them to API calls. The cookie works only while its API session does.
/// </summary>
public static partial class Session
{
    /// <summary>How long an unused session lasts; a session in use lasts until the API's absolute limit.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    /// <summary>An access token this close to expiry is refreshed before it is used.</summary>
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    public static async Task SignInAsync(HttpContext http, ChatApiClient api, ApiTokens tokens, CancellationToken cancellationToken)
    {
        var session = await api.GetSessionAsync(tokens.AccessToken, cancellationToken)
            ?? throw new HttpRequestException("The API ended the session as it started.");
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, session.User.Id),
                new Claim(ClaimTypes.Name, session.User.UserName),
                new Claim(SessionClaims.DisplayName, session.User.DisplayName),
                new Claim(SessionClaims.ApiSession, session.Id.ToString()),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        var properties = new AuthenticationProperties { IsPersistent = true };
        tokens.StoreIn(properties);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity), properties);
    }

    public static Task<string?> AccessTokenAsync(HttpContext http) => http.GetTokenAsync("access_token");

    /// <summary>
    /// Runs on every request with a session cookie: refreshes the API tokens when they are about to expire,
    /// and ends the cookie's session when the API's has ended (logged out here or elsewhere, revoked, too old).
    /// </summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var tokens = ApiTokens.ReadFrom(context.Properties);
        if (tokens is null || context.Principal?.ApiSessionId() is not { } sessionId)
        {
            await EndAsync(context);
            return;
        }

        var api = services.GetRequiredService<ChatApiClient>();
        var sessions = services.GetRequiredService<ApiSessions>();
        if (tokens.ExpiresAt - services.GetRequiredService<TimeProvider>().GetUtcNow() > RefreshMargin)
        {
            if (!await sessions.IsActiveAsync(sessionId, tokens.AccessToken, api, context.HttpContext.RequestAborted))
            {
                await EndAsync(context);
            }

            return;
        }

        ApiTokens? refreshed;
        try
        {
            refreshed = await sessions.RefreshAsync(sessionId, tokens.RefreshToken, api);
        }
        catch (HttpRequestException exception)
        {
            // The API is unreachable: keep the session; the next request tries again.
            LogRefreshFailed(services.GetRequiredService<ILogger<CookieValidatePrincipalContext>>(), exception);
            return;
        }

        if (refreshed is null)
        {
            await EndAsync(context);
            return;
        }

        refreshed.StoreIn(context.Properties);
        context.ShouldRenew = true;
    }

    private static async Task EndAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the API tokens failed; the session keeps its current ones")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
