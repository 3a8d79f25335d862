using System.Security.Claims;
using ChatBot.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ChatBot.Web.Auth;

/// <summary>
/// The browser's session: an encrypted, HttpOnly cookie that carries who the person is and their API tokens.
/// The tokens never reach the browser's script; the proxy attaches them to API calls.
/// </summary>
public static partial class Session
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    /// <summary>An access token this close to expiry is refreshed before it is used.</summary>
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    public static async Task SignInAsync(HttpContext http, ChatApiClient api, ApiTokens tokens, CancellationToken cancellationToken)
    {
        var user = await api.GetMeAsync(tokens.AccessToken, cancellationToken);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.NameIdentifier, user.Id),
                new Claim(ClaimTypes.Name, user.UserName),
                new Claim(SessionClaims.DisplayName, user.DisplayName),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        var properties = new AuthenticationProperties { IsPersistent = true };
        tokens.StoreIn(properties);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity), properties);
    }

    public static Task<string?> AccessTokenAsync(HttpContext http) => http.GetTokenAsync("access_token");

    /// <summary>Runs on every request with a session: refreshes the API tokens when they are about to expire.</summary>
    public static async Task RefreshTokensAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var tokens = ApiTokens.ReadFrom(context.Properties);
        if (tokens is null)
        {
            context.RejectPrincipal();
            return;
        }

        if (tokens.ExpiresAt - services.GetRequiredService<TimeProvider>().GetUtcNow() > RefreshMargin)
        {
            return;
        }

        ApiTokens? refreshed;
        try
        {
            refreshed = await services.GetRequiredService<ChatApiClient>()
                .RefreshAsync(tokens.RefreshToken, context.HttpContext.RequestAborted);
        }
        catch (HttpRequestException exception)
        {
            // The API is unreachable: keep the session; the next request tries again.
            LogRefreshFailed(services.GetRequiredService<ILogger<CookieValidatePrincipalContext>>(), exception);
            return;
        }

        if (refreshed is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return;
        }

        refreshed.StoreIn(context.Properties);
        context.ShouldRenew = true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the API tokens failed; the session keeps its current ones")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
