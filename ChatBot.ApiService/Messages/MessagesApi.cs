using System.Security.Claims;
using ChatBot.ApiService.Conversations;
using ChatBot.ApiService.Users;
using ChatBot.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatBot.ApiService.Messages;

public static class MessagesApi
{
    public static RouteGroupBuilder MapMessagesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/conversations/{conversationId:guid}/messages").RequireAuthorization();

        group.MapGet("/", GetPage);

        return group;
    }

    /// <summary>A page of history: the newest, before or after a seq, or around one (the query's rules refuse the rest first).</summary>
    private static async Task<Results<Ok<List<MessageDto>>, ProblemHttpResult>> GetPage(
        Guid conversationId,
        [AsParameters] MessagePageQuery query,
        ClaimsPrincipal principal,
        ChatDbContext db,
        ConversationAccess access,
        CancellationToken cancellationToken)
    {
        var (userId, limit) = (principal.GetUserId(), query.Limit ?? MessagePageQuery.DefaultLimit);
        var page = query switch
        {
            { After: { } after } => await db.PageAfterAsync(conversationId, userId, after, limit, cancellationToken),
            { Around: { } around } => await db.PageAroundAsync(conversationId, userId, around, limit, cancellationToken),
            _ => await db.PageBeforeAsync(conversationId, userId, query.Before, limit, cancellationToken),
        };
        if (page is null)
        {
            access.Refused(conversationId, userId);
            return ConversationsApi.ConversationNotFound();
        }

        return TypedResults.Ok(page);
    }
}
