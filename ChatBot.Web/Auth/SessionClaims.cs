using System.Security.Claims;

namespace ChatBot.Web.Auth;

public static class SessionClaims
{
    public const string DisplayName = "display_name";

    /// <summary>The id of the API session the cookie stands for.</summary>
    public const string ApiSession = "api_session";

    public static string UserId(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";

    public static string UserName(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Name) ?? "";

    public static string DisplayNameOf(this ClaimsPrincipal user) => user.FindFirstValue(DisplayName) ?? user.UserName();

    public static Guid? ApiSessionId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ApiSession), out var id) ? id : null;
}
