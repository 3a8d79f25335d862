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
public static class Session
{
    /// <summary>How long an unused session lasts; a session in use lasts until the API's absolute limit.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    /// <param name="redirectUri">Where the browser goes next: a local address, escaped (the cookie handler sends the login page's browser there).</param>
    public static async Task SignInAsync(HttpContext http, ChatApiClient api, ApiTokens tokens, string redirectUri, CancellationToken cancellationToken)
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
        var properties = new AuthenticationProperties { IsPersistent = true, RedirectUri = redirectUri };
        tokens.StoreIn(properties);
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity), properties);
    }

    public static Task<string?> AccessTokenAsync(HttpContext http) => http.GetTokenAsync("access_token");
}
