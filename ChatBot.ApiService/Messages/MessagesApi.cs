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

    private static async Task<Results<Ok<List<MessageDto>>, ValidationProblem, ProblemHttpResult>> GetPage(
        Guid conversationId,
        [AsParameters] MessagePageQuery query,
        ClaimsPrincipal principal,
        ChatDbContext db,
        ConversationAccess access,
        CancellationToken cancellationToken)
    {
        if (query is { Before: not null, After: not null })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["before"] = ["Give before or after, not both."],
            });
        }

        var (userId, limit) = (principal.GetUserId(), query.Limit ?? MessagePageQuery.DefaultLimit);
        var page = query.After is { } after
            ? await db.PageAfterAsync(conversationId, userId, after, limit, cancellationToken)
            : await db.PageBeforeAsync(conversationId, userId, query.Before, limit, cancellationToken);
        if (page is null)
        {
            access.Refused(conversationId, userId);
            return ConversationsApi.ConversationNotFound();
        }

        return TypedResults.Ok(page);
    }
}
