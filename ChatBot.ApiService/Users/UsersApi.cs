using System.Security.Claims;
using ChatBot.ApiService.Presence;
using ChatBot.ApiService.Security;
using ChatBot.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.ApiService.Users;

public static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/users").RequireAuthorization();

        group.MapGet("/me", GetMe);
        group.MapGet("/", Search).WithQuota(RestQuota.SearchPeople);

        return group;
    }

    private static async Task<Results<Ok<UserSummary>, NotFound>> GetMe(
        ClaimsPrincipal principal, ChatDbContext db, CancellationToken cancellationToken)
    {
        var userId = principal.GetUserId();
        var me = await db.Users
            .Where(u => u.Id == userId)
            .Select(u => new UserSummary(u.Id, u.UserName!, u.DisplayName, true, u.LastSeenAt))
            .SingleOrDefaultAsync(cancellationToken);
        return me is null ? TypedResults.NotFound() : TypedResults.Ok(me);
    }

    /// <summary>People whose user name or display name contains the search text, the caller excluded.</summary>
    private static async Task<Ok<List<UserSummary>>> Search(
        [AsParameters] UserSearch query,
        ClaimsPrincipal principal,
        ChatDbContext db,
        PresenceTracker presence,
        CancellationToken cancellationToken)
    {
        var userId = principal.GetUserId();
        var people = db.Users.Where(u => u.Id != userId);

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            people = people.WhereNameContains(query.Search.Trim());
        }

        var page = await people
            .OrderBy(u => u.NormalizedUserName)
            .Take(query.Limit ?? UserSearch.DefaultLimit)
            .Select(u => new UserSummary(u.Id, u.UserName!, u.DisplayName, false, u.LastSeenAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(await presence.WithPresenceAsync(page));
    }
}
