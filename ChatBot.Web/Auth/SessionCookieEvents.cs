using ChatBot.Web.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace ChatBot.Web.Auth;

/// <summary>What the session cookie does beside carrying the session: it is checked against the API on every request.</summary>
public sealed partial class SessionCookieEvents(
    ChatApiClient api, ApiSessions sessions, TimeProvider time, ILogger<SessionCookieEvents> logger) : CookieAuthenticationEvents
{
    /// <summary>An access token this close to expiry is refreshed before it is used.</summary>
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Runs on every request with a session cookie: refreshes the API tokens when they are about to expire,
    /// and ends the cookie's session when the API's has ended (logged out here or elsewhere, revoked, too old).
    /// </summary>
    public override async Task ValidatePrincipal(CookieValidatePrincipalContext context)
    {
        var tokens = ApiTokens.ReadFrom(context.Properties);
        if (tokens is null || context.Principal?.ApiSessionId() is not { } sessionId)
        {
            await EndAsync(context);
            return;
        }

        if (tokens.ExpiresAt - time.GetUtcNow() > RefreshMargin)
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
            LogRefreshFailed(logger, exception);
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

    /// <summary>Scripts and WebSockets are told 401, not sent to a login page.</summary>
    public override Task RedirectToLogin(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments("/hubs"))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    private static async Task EndAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the API tokens failed; the session keeps its current ones")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
