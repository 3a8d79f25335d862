using ChatBot.ApiService.Users;
using ChatBot.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.ApiService.Groups;

/// <summary>A member of a conversation as the other members see them: who, their role, and how far they have got.</summary>
/// <param name="JoinedSeq">Where their view begins: they count among the readers of messages from there on.</param>
public sealed record MemberSummary(UserSummary User, MemberRole Role, long JoinedSeq, long LastReadSeq, long LastDeliveredSeq);

internal static class MemberQueries
{
    /// <summary>The conversation's members, admins first, then in the order they joined; empty for a non-member.</summary>
    public static Task<List<MemberSummary>> MembersSeenByAsync(
        this ChatDbContext db, Guid conversationId, string userId, CancellationToken cancellationToken) =>
        (from member in db.ConversationMembers
         where member.ConversationId == conversationId
             && db.ConversationMembers.Any(me => me.ConversationId == conversationId && me.UserId == userId)
         join user in db.Users on member.UserId equals user.Id
         orderby member.Role descending, member.JoinedSeq, user.NormalizedDisplayName
         select new MemberSummary(
             new UserSummary(user.Id, user.UserName!, user.DisplayName, false, user.LastSeenAt),
             member.Role, member.JoinedSeq, member.LastReadSeq, member.LastDeliveredSeq))
        .ToListAsync(cancellationToken);
}
