using System.Security.Claims;
using ChatBot.ApiService.Presence;
using ChatBot.ApiService.Refusals;
using ChatBot.ApiService.Security;
using ChatBot.ApiService.Users;
using ChatBot.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.ApiService.Conversations;

public static class ConversationsApi
{
    public static RouteGroupBuilder MapConversationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/conversations").RequireAuthorization();

        group.MapGet("/", List);
        group.MapGet("/{conversationId:guid}", Get);
        group.MapPost("/direct", OpenDirect).WithQuota(RestQuota.OpenConversation);

        return group;
    }

    private static async Task<Ok<List<ConversationSummary>>> List(
        [AsParameters] ConversationListQuery query, ClaimsPrincipal principal, ChatDbContext db, PresenceTracker presence,
        CancellationToken cancellationToken)
    {
        var conversations = await db.ListConversationsAsync(
            principal.GetUserId(), query.Limit ?? ConversationListQuery.DefaultLimit, cancellationToken);
        return TypedResults.Ok(await WithPeerPresenceAsync(presence, conversations));
    }

    private static async Task<Results<Ok<ConversationSummary>, ProblemHttpResult>> Get(
        Guid conversationId, ClaimsPrincipal principal, ChatDbContext db, PresenceTracker presence,
        CancellationToken cancellationToken)
    {
        var conversation = await db.FindConversationAsync(principal.GetUserId(), conversationId, cancellationToken);
        return conversation is null
            ? ConversationNotFound()
            : TypedResults.Ok((await WithPeerPresenceAsync(presence, [conversation]))[0]);
    }

    private static async Task<Results<Created<ConversationSummary>, Ok<ConversationSummary>, ProblemHttpResult>> OpenDirect(
        OpenDirectRequest request, ClaimsPrincipal principal, ChatDbContext db, PresenceTracker presence,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var userId = principal.GetUserId();
        if (request.UserId == userId)
        {
            return Refusal.InvalidArgument("You cannot start a conversation with yourself.").ToProblem();
        }

        if (!await db.Users.AnyAsync(u => u.Id == request.UserId, cancellationToken))
        {
            return Refusal.NotFound("There is no such person.").ToProblem();
        }

        var (id, created) = await db.OpenAsync(userId, request.UserId, time.GetUtcNow(), cancellationToken);
        var opened = await db.FindConversationAsync(userId, id, cancellationToken);
        var conversation = (await WithPeerPresenceAsync(presence, [opened!]))[0];
        return created
            ? TypedResults.Created($"/api/conversations/{id}", conversation)
            : TypedResults.Ok(conversation);
    }

    internal static async Task<List<ConversationSummary>> WithPeerPresenceAsync(
        PresenceTracker presence, List<ConversationSummary> conversations)
    {
        var peers = await presence.WithPresenceAsync(conversations.Where(c => c.Peer is not null).Select(c => c.Peer!).ToList());
        var online = peers.ToDictionary(p => p.Id, p => p.IsOnline);
        return conversations.ConvertAll(c => c.Peer is null ? c : c with { Peer = c.Peer with { IsOnline = online[c.Peer.Id] } });
    }

    internal static ProblemHttpResult ConversationNotFound() => Refusal.ConversationNotFound.ToProblem();
}
