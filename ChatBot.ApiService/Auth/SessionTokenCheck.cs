using ChatBot.ApiService.Security;
using Microsoft.AspNetCore.Authentication.BearerToken;

namespace ChatBot.ApiService.Auth;

/// <summary>
/// Every bearer token names its session: a token whose session has ended (logged out, logged out everywhere,
/// a refresh token reused, past its absolute lifetime) is refused at once, however long it had left to live.
/// Runs as the bearer handler's first step, on every request and hub connect.
/// </summary>
internal static class SessionTokenCheck
{
    private const string BearerPrefix = "Bearer ";

    public static async Task OnMessageReceivedAsync(MessageReceivedContext context)
    {
        var http = context.HttpContext;
        var token = context.Token ?? BearerToken(context.Request);
        if (token is null)
        {
            return;
        }

        var services = http.RequestServices;
        var ticket = context.Options.BearerTokenProtector.Unprotect(token);
        if (ticket?.Properties.ExpiresUtc is not { } expiresAt || services.GetRequiredService<TimeProvider>().GetUtcNow() >= expiresAt)
        {
            return; // the handler refuses it itself
        }

        var sessionId = ticket.Principal.GetSessionId();
        if (sessionId is null || !await services.GetRequiredService<UserSessions>().IsActiveAsync(sessionId.Value, http.RequestAborted))
        {
            services.GetRequiredService<SecurityEvents>().TokenRefused(
                "its session has ended",
                ticket.Principal.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value ?? "unknown",
                sessionId?.ToString() ?? "none",
                SecurityEvents.ClientOf(http));
            context.Fail("The session has ended.");
            return;
        }

        context.Principal = ticket.Principal;
        context.Properties = ticket.Properties;
        context.Success();
    }

    private static string? BearerToken(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) ? authorization[BearerPrefix.Length..].Trim() : null;
    }
}
