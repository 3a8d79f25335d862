using System.Security.Claims;
using ChatBot.ApiService.Conversations;
using ChatBot.ApiService.Security;
using ChatBot.ApiService.Users;
using ChatBot.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.ApiService.Search;

public static class SearchApi
{
    public static RouteGroupBuilder MapSearchApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/search").RequireAuthorization();

        group.MapGet("/", Search).WithQuota(RestQuota.SearchMessages);

        return group;
    }

    /// <summary>
    /// The caller's messages that have every word of the search, as history shows them to the caller, newest first.
    /// A conversation named that is not the caller's is not found, as its history is not.
    /// </summary>
    private static async Task<Results<Ok<SearchResults>, ProblemHttpResult>> Search(
        [AsParameters] SearchRequest request,
        ClaimsPrincipal principal,
        ChatDbContext db,
        ConversationAccess access,
        CancellationToken cancellationToken)
    {
        var (query, refusal) = SearchQueryParser.Parse(request.Q);
        if (refusal is not null)
        {
            return refusal.ToProblem();
        }

        var (userId, page) = (principal.GetUserId(), request.Page ?? 1);
        if (page > SearchResults.MaxPages)
        {
            return SearchRefusals.PagePastEnd(page).ToProblem();
        }

        var results = await db.SearchAsync(userId, query!, request.ConversationId, page, cancellationToken);
        if (results.Results.Count == 0 && request.ConversationId is { } conversationId
            && !await db.ConversationMembers.AnyAsync(m => m.ConversationId == conversationId && m.UserId == userId, cancellationToken))
        {
            access.Refused(conversationId, userId);
            return ConversationsApi.ConversationNotFound();
        }

        return results.Results.Count == 0 && page > 1 ? SearchRefusals.PagePastEnd(page).ToProblem() : TypedResults.Ok(results);
    }
}
