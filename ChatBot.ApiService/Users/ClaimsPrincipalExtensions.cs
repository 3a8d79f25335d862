using System.Security.Claims;

namespace ChatBot.ApiService.Users;

public static class ClaimsPrincipalExtensions
{
    /// <summary>The signed-in user's id; the endpoints that call this all require authorization.</summary>
    public static string GetUserId(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? throw new InvalidOperationException("The principal has no user id claim.");
}
