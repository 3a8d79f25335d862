using ChatBot.Web.Api;
using ChatBot.Web.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChatBot.Web.Pages.Account;

/// <summary>Ends the session on the API (or every session of the person), then the cookie.</summary>
[RequestSizeLimit(AccountForms.MaxBytes)]
public sealed partial class LogoutModel(ChatApiClient api, ApiSessions sessions, ILogger<LogoutModel> logger) : PageModel
{
    public IActionResult OnGet() => LocalRedirect("/");

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) => EndAsync(everywhere: false, cancellationToken);

    public Task<IActionResult> OnPostEverywhereAsync(CancellationToken cancellationToken) => EndAsync(everywhere: true, cancellationToken);

    private async Task<IActionResult> EndAsync(bool everywhere, CancellationToken cancellationToken)
    {
        if (User.ApiSessionId() is { } sessionId && await Session.AccessTokenAsync(HttpContext) is { } accessToken)
        {
            List<Guid> ended = [sessionId];
            try
            {
                if (everywhere)
                {
                    ended.AddRange(await api.LogoutEverywhereAsync(accessToken, cancellationToken));
                }
                else
                {
                    await api.LogoutAsync(accessToken, cancellationToken);
                }
            }
            catch (HttpRequestException exception)
            {
                // The cookie goes all the same; the API's session ends with its refresh token's lifetime.
                LogLogoutFailed(logger, exception);
            }

            sessions.Ended(ended);
        }

        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return RedirectToPage("/Account/Login");
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ending the session on the API failed; the browser's cookie is removed all the same")]
    private static partial void LogLogoutFailed(ILogger logger, Exception exception);
}
