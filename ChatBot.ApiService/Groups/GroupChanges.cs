using ChatBot.ApiService.Refusals;
using ChatBot.Data;

namespace ChatBot.ApiService.Groups;

/// <summary>An event of a group, and whom it goes to: the members who see it, and the person it removes.</summary>
public sealed record EventDelivery(Message Event, IReadOnlyList<string> Recipients);

/// <summary>What a change to a group came to: the events it appended, or why it was refused (nothing written).</summary>
public sealed record GroupChangeResult(IReadOnlyList<EventDelivery> Events, Refusal? Refused = null)
{
    public static GroupChangeResult Refuse(Refusal refusal) => new([], refusal);
}

/// <summary>
/// The changes to groups: each decided on the group as it is in the transaction that writes it, locked
/// (<see cref="ConversationChanges"/>), so that two admins at once, or a change and a message, never
/// see the group half changed. Events go into the group's seq stream beside its messages.
/// </summary>
internal static class GroupChanges
{
    /// <param name="people">The others, each a person who exists (checked by the caller), with their display names.</param>
    public static async Task<(Guid Id, GroupChangeResult Result)> CreateAsync(
        ChatDbContext db, string creatorId, string name, IReadOnlyList<string> people, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var conversation = new Conversation { Id = Guid.CreateVersion7(now), Kind = ConversationKind.Group, Name = name, CreatedAt = now };
        GroupChangeResult? result = null;
        await db.StartConversationAsync(conversation, now, change =>
        {
            var created = change.Append(MessageKind.GroupCreated, creatorId, body: name);
            change.AddMember(creatorId, MemberRole.Admin, created);
            foreach (var person in people)
            {
                change.AddMember(person, MemberRole.Member, created);
            }

            result = Done(change);
        }, cancellationToken);
        return (conversation.Id, result!);
    }

    public static Task<GroupChangeResult> RenameAsync(
        ChatDbContext db, Guid groupId, string actorId, string name, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.ChangeConversationAsync(groupId, now, change =>
        {
            if (Check(change, actorId, mustBeAdmin: false, out _) is { } refused)
            {
                return refused;
            }

            if (change!.Conversation.Name == name)
            {
                return new GroupChangeResult([]);
            }

            change.Conversation.Name = name;
            change.Append(MessageKind.GroupRenamed, actorId, body: name);
            return Done(change);
        }, cancellationToken);

    /// <param name="people">Each a person who exists (checked by the caller): id and display name.</param>
    public static Task<GroupChangeResult> AddMembersAsync(
        ChatDbContext db, Guid groupId, string actorId, IReadOnlyDictionary<string, string> people, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.ChangeConversationAsync(groupId, now, change =>
        {
            if (Check(change, actorId, mustBeAdmin: true, out _) is { } refused)
            {
                return refused;
            }

            if (people.FirstOrDefault(p => change!.Member(p.Key) is not null) is { Key: not null } already)
            {
                return GroupChangeResult.Refuse(new Refusal(
                    RefusalCodes.AlreadyMember, $"{already.Value} is in the group already.", new Dictionary<string, object> { ["userId"] = already.Key }));
            }

            if (change!.Members.Count + people.Count > GroupRules.MaxMembers)
            {
                return GroupChangeResult.Refuse(GroupRules.TooMany(change.Members.Count + people.Count));
            }

            // Those added together join together: each sees every event of the change.
            var added = people.Keys.Select(person => change.Append(MessageKind.MemberAdded, actorId, person)).ToList();
            foreach (var person in people.Keys)
            {
                change.AddMember(person, MemberRole.Member, added[0]);
            }

            return Done(change);
        }, cancellationToken);

    public static Task<GroupChangeResult> RemoveMemberAsync(
        ChatDbContext db, Guid groupId, string actorId, string memberId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.ChangeConversationAsync(groupId, now, change =>
        {
            if (Check(change, actorId, mustBeAdmin: true, out _) is { } refused)
            {
                return refused;
            }

            if (memberId == actorId)
            {
                return GroupChangeResult.Refuse(Refusal.InvalidArgument("To go, leave the group."));
            }

            if (change!.Member(memberId) is not { } member)
            {
                return NotInGroup();
            }

            change.Append(MessageKind.MemberRemoved, actorId, memberId);
            change.RemoveMember(member);
            return Done(change);
        }, cancellationToken);

    public static Task<GroupChangeResult> MakeAdminAsync(
        ChatDbContext db, Guid groupId, string actorId, string memberId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.ChangeConversationAsync(groupId, now, change =>
        {
            if (Check(change, actorId, mustBeAdmin: true, out _) is { } refused)
            {
                return refused;
            }

            if (change!.Member(memberId) is not { } member)
            {
                return NotInGroup();
            }

            if (member.Role == MemberRole.Admin)
            {
                return GroupChangeResult.Refuse(new Refusal(RefusalCodes.AlreadyAdmin, "That member is an admin already."));
            }

            member.Role = MemberRole.Admin;
            change.Append(MessageKind.AdminMade, actorId, memberId);
            return Done(change);
        }, cancellationToken);

    /// <summary>Anyone may leave; the last admin to leave hands admin to the longest-standing member.</summary>
    public static Task<GroupChangeResult> LeaveAsync(
        ChatDbContext db, Guid groupId, string memberId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.ChangeConversationAsync(groupId, now, change =>
        {
            if (Check(change, memberId, mustBeAdmin: false, out var leaving) is { } refused)
            {
                return refused;
            }

            change!.Append(MessageKind.MemberLeft, memberId);
            change.RemoveMember(leaving!);
            if (leaving!.Role == MemberRole.Admin && change.Members.Count > 0 && change.Members.All(m => m.Role != MemberRole.Admin))
            {
                var next = change.Members
                    .OrderBy(m => m.JoinedSeq).ThenBy(m => m.JoinedAt).ThenBy(m => m.UserId, StringComparer.Ordinal)
                    .First();
                next.Role = MemberRole.Admin;
                change.Append(MessageKind.AdminMade, memberId, next.UserId);
            }

            return Done(change);
        }, cancellationToken);

    /// <summary>The caller is a member of a group (an admin, where it takes one); null when so.</summary>
    private static GroupChangeResult? Check(ConversationChange? change, string userId, bool mustBeAdmin, out ConversationMember? member)
    {
        member = change?.Member(userId);
        if (member is null)
        {
            return GroupChangeResult.Refuse(Refusal.ConversationNotFound);
        }

        if (change!.Conversation.Kind != ConversationKind.Group)
        {
            return GroupChangeResult.Refuse(Refusal.InvalidArgument("That conversation is not a group."));
        }

        return mustBeAdmin && member.Role != MemberRole.Admin
            ? GroupChangeResult.Refuse(new Refusal(RefusalCodes.NotGroupAdmin, "Only an admin of the group can do that."))
            : null;
    }

    private static GroupChangeResult NotInGroup() =>
        GroupChangeResult.Refuse(Refusal.NotFound("That person is not in this group."));

    /// <summary>
    /// Each event goes to the members who see it (those who had joined by its seq, and are still members
    /// once the change is made), and an event that removes someone to them as well: their devices learn of it.
    /// </summary>
    private static GroupChangeResult Done(ConversationChange change) =>
        new([.. change.Events.Select(e => new EventDelivery(
            e,
            [.. change.Members.Where(m => m.JoinedSeq <= e.Seq).Select(m => m.UserId).Concat(e.Kind switch
            {
                MessageKind.MemberRemoved => [e.SubjectId!],
                MessageKind.MemberLeft => [e.SenderId],
                _ => [],
            }).Distinct()]))]);
}
