using ChatBot.ApiService.Users;
using ChatBot.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.ApiService.Groups;

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
             member.Role, member.JoinedSeq, member.LastReadSeq, ConversationMember.Delivered(member.LastDeliveredSeq, member.LastReadSeq)))
        .ToListAsync(cancellationToken);
}
