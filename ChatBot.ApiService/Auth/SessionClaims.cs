using System.Globalization;
using System.Security.Claims;

namespace ChatBot.ApiService.Auth;

/// <summary>The claims by which bearer and refresh tokens name their session and the refresh token's generation.</summary>
public static class SessionClaims
{
    public const string SessionId = "sid";
    public const string Generation = "sgen";

    public static ClaimsPrincipal WithSession(this ClaimsPrincipal principal, Guid sessionId, int generation)
    {
        var identity = (ClaimsIdentity)principal.Identity!;
        identity.AddClaim(new Claim(SessionId, sessionId.ToString()));
        identity.AddClaim(new Claim(Generation, generation.ToString(CultureInfo.InvariantCulture)));
        return principal;
    }

    public static Guid? GetSessionId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(SessionId), out var id) ? id : null;

    public static int? GetGeneration(this ClaimsPrincipal principal) =>
        int.TryParse(principal.FindFirstValue(Generation), CultureInfo.InvariantCulture, out var generation) ? generation : null;
}
