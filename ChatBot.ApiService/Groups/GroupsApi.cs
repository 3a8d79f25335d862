using System.Security.Claims;
using ChatBot.ApiService.Conversations;
using ChatBot.ApiService.Messages;
using ChatBot.ApiService.Presence;
using ChatBot.ApiService.Refusals;
using ChatBot.ApiService.Security;
using ChatBot.ApiService.Users;
using ChatBot.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.ApiService.Groups;

/// <summary>
/// Groups: made, renamed and managed over REST; their messages, receipts and typing go through the hub as a
/// direct conversation's do. Each change answers with the events it added to the group's stream, which
/// every member's devices are sent too.
/// </summary>
public static class GroupsApi
{
    public static RouteGroupBuilder MapGroupsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/conversations").RequireAuthorization();

        group.MapPost("/groups", Create).WithQuota(RestQuota.CreateGroup);
        group.MapGet("/{conversationId:guid}/members", Members);
        group.MapPut("/{conversationId:guid}/name", Rename).WithQuota(RestQuota.ChangeGroup);
        group.MapPost("/{conversationId:guid}/members", AddMembers).WithQuota(RestQuota.ChangeGroup);
        group.MapDelete("/{conversationId:guid}/members/{userId}", RemoveMember).WithQuota(RestQuota.ChangeGroup);
        group.MapPost("/{conversationId:guid}/admins", MakeAdmin).WithQuota(RestQuota.ChangeGroup);
        group.MapPost("/{conversationId:guid}/leave", Leave).WithQuota(RestQuota.ChangeGroup);

        return group;
    }

    private static async Task<Results<Created<ConversationSummary>, ProblemHttpResult>> Create(
        CreateGroupRequest request, ClaimsPrincipal principal, ChatDbContext db, GroupEvents events,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var creatorId = principal.GetUserId();
        if (GroupRules.Name.Normalize(request.Name, out var name) is { } invalidName)
        {
            return invalidName.ToProblem();
        }

        if (request.MemberIds is null || request.MemberIds.Length < GroupRules.MinMembers - 1)
        {
            return GroupRules.TooFew().ToProblem();
        }

        if (GroupRules.CheckPeople(request.MemberIds, creatorId) is { } invalidPeople)
        {
            return invalidPeople.ToProblem();
        }

        if (await FindPeopleAsync(db, request.MemberIds!, cancellationToken) is not { } people)
        {
            return NoSuchPerson();
        }

        var (id, created) = await GroupChanges.CreateAsync(db, creatorId, name, [.. people.Keys], StoredTime.UtcNow(time), cancellationToken);
        await events.SendAsync(db, id, created, cancellationToken);
        var summary = await db.FindConversationAsync(creatorId, id, cancellationToken);
        return TypedResults.Created($"/api/conversations/{id}", summary);
    }

    private static async Task<Results<Ok<List<MemberSummary>>, ProblemHttpResult>> Members(
        Guid conversationId, ClaimsPrincipal principal, ChatDbContext db, PresenceTracker presence, ConversationAccess access,
        CancellationToken cancellationToken)
    {
        var members = await db.MembersSeenByAsync(conversationId, principal.GetUserId(), cancellationToken);
        if (members.Count == 0)
        {
            access.Refused(conversationId, principal.GetUserId());
            return ConversationsApi.ConversationNotFound();
        }

        var people = await presence.WithPresenceAsync(members.ConvertAll(m => m.User));
        return TypedResults.Ok(members.Select((m, i) => m with { User = people[i] }).ToList());
    }

    private static async Task<Results<Ok<List<MessageDto>>, ProblemHttpResult>> Rename(
        Guid conversationId, RenameGroupRequest request, ClaimsPrincipal principal, ChatDbContext db, GroupEvents events,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (GroupRules.Name.Normalize(request.Name, out var name) is { } invalidName)
        {
            return invalidName.ToProblem();
        }

        return await AnswerAsync(db, conversationId, events, await GroupChanges.RenameAsync(
            db, conversationId, principal.GetUserId(), name, StoredTime.UtcNow(time), cancellationToken), cancellationToken);
    }

    private static async Task<Results<Ok<List<MessageDto>>, ProblemHttpResult>> AddMembers(
        Guid conversationId, AddMembersRequest request, ClaimsPrincipal principal, ChatDbContext db, GroupEvents events,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var actorId = principal.GetUserId();
        if (GroupRules.CheckPeople(request.UserIds, actorId) is { } invalidPeople)
        {
            return invalidPeople.ToProblem();
        }

        if (await FindPeopleAsync(db, request.UserIds!, cancellationToken) is not { } people)
        {
            return NoSuchPerson();
        }

        return await AnswerAsync(db, conversationId, events, await GroupChanges.AddMembersAsync(
            db, conversationId, actorId, people, StoredTime.UtcNow(time), cancellationToken), cancellationToken);
    }

    private static async Task<Results<Ok<List<MessageDto>>, ProblemHttpResult>> RemoveMember(
        Guid conversationId, string userId, ClaimsPrincipal principal, ChatDbContext db, GroupEvents events,
        TimeProvider time, CancellationToken cancellationToken) =>
        await AnswerAsync(db, conversationId, events, await GroupChanges.RemoveMemberAsync(
            db, conversationId, principal.GetUserId(), userId, StoredTime.UtcNow(time), cancellationToken), cancellationToken);

    private static async Task<Results<Ok<List<MessageDto>>, ProblemHttpResult>> MakeAdmin(
        Guid conversationId, MakeAdminRequest request, ClaimsPrincipal principal, ChatDbContext db, GroupEvents events,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (request.UserId is not { Length: > 0 } userId)
        {
            return Refusal.InvalidArgument("Say whom to make an admin.").ToProblem();
        }

        return await AnswerAsync(db, conversationId, events, await GroupChanges.MakeAdminAsync(
            db, conversationId, principal.GetUserId(), userId, StoredTime.UtcNow(time), cancellationToken), cancellationToken);
    }

    private static async Task<Results<Ok<List<MessageDto>>, ProblemHttpResult>> Leave(
        Guid conversationId, ClaimsPrincipal principal, ChatDbContext db, GroupEvents events,
        TimeProvider time, CancellationToken cancellationToken) =>
        await AnswerAsync(db, conversationId, events, await GroupChanges.LeaveAsync(
            db, conversationId, principal.GetUserId(), StoredTime.UtcNow(time), cancellationToken), cancellationToken);

    /// <summary>A change made is sent to the members' devices and answered with its events; a refused one, with why.</summary>
    private static async Task<Results<Ok<List<MessageDto>>, ProblemHttpResult>> AnswerAsync(
        ChatDbContext db, Guid conversationId, GroupEvents events, GroupChangeResult change, CancellationToken cancellationToken) =>
        change.Refused is { } refused
            ? refused.ToProblem()
            : TypedResults.Ok(await events.SendAsync(db, conversationId, change, cancellationToken));

    /// <summary>The people by id, with their display names; null when any of them does not exist.</summary>
    private static async Task<Dictionary<string, string>?> FindPeopleAsync(ChatDbContext db, string[] userIds, CancellationToken cancellationToken)
    {
        var found = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return found.Count == userIds.Length ? userIds.ToDictionary(id => id, id => found[id]) : null;
    }

    private static ProblemHttpResult NoSuchPerson() => Refusal.NotFound("There is no such person.").ToProblem();
}
