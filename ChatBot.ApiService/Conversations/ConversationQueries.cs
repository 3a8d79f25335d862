using ChatBot.ApiService.Messages;
using ChatBot.ApiService.Users;
using ChatBot.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.ApiService.Conversations;

internal static class ConversationQueries
{
    /// <summary>The caller's conversations that have a message, the most recently active first.</summary>
    public static async Task<List<ConversationSummary>> ListConversationsAsync(
        this ChatDbContext db, string userId, int limit, CancellationToken cancellationToken)
    {
        var rows = await db.SummaryRows(userId)
            .Where(r => r.LastMessage != null)
            .OrderByDescending(r => r.LastMessage!.Id)
            .Take(limit)
            .ToListAsync(cancellationToken);
        return await db.ToSummariesAsync(rows, cancellationToken);
    }

    /// <summary>One conversation of the caller's; null when there is none or the caller is not in it.</summary>
    public static async Task<ConversationSummary?> FindConversationAsync(
        this ChatDbContext db, string userId, Guid conversationId, CancellationToken cancellationToken)
    {
        var row = await db.SummaryRows(userId)
            .Where(r => r.ConversationId == conversationId)
            .SingleOrDefaultAsync(cancellationToken);
        return row is null ? null : (await db.ToSummariesAsync([row], cancellationToken))[0];
    }

    private static async Task<List<ConversationSummary>> ToSummariesAsync(
        this ChatDbContext db, List<SummaryRow> rows, CancellationToken cancellationToken)
    {
        var last = await db.ToDtosAsync([.. rows.Select(r => r.LastMessage).OfType<Message>()], cancellationToken);
        var lastBySeq = last.ToDictionary(m => (m.ConversationId, m.Seq));
        return rows.ConvertAll(r => r.ToSummary(r.LastMessage is { } m ? lastBySeq[(m.ConversationId, m.Seq)] : null));
    }

    private static IQueryable<SummaryRow> SummaryRows(this ChatDbContext db, string userId)
    {
        // The other member of each direct conversation; a group has no one peer.
        var peers =
            from peer in db.ConversationMembers
            join conversation in db.Conversations on peer.ConversationId equals conversation.Id
            where conversation.Kind == ConversationKind.Direct && peer.UserId != userId
            join user in db.Users on peer.UserId equals user.Id
            select new { peer.ConversationId, peer.LastReadSeq, peer.LastDeliveredSeq, user.Id, user.UserName, user.DisplayName, user.LastSeenAt };

        return
            from me in db.ConversationMembers
            where me.UserId == userId
            join conversation in db.Conversations on me.ConversationId equals conversation.Id
            join peer in peers on conversation.Id equals peer.ConversationId into direct
            from peer in direct.DefaultIfEmpty()
            from last in db.Messages
                .Where(m => m.ConversationId == conversation.Id && m.Seq == conversation.LastSeq)
                .DefaultIfEmpty()
            select new SummaryRow
            {
                ConversationId = conversation.Id,
                Kind = conversation.Kind,
                Name = conversation.Name,
                MemberCount = db.ConversationMembers.Count(m => m.ConversationId == conversation.Id),
                Role = me.Role,
                JoinedSeq = me.JoinedSeq,
                LastSeq = conversation.LastSeq,
                LastReadSeq = me.LastReadSeq,
                // Nullable columns of the outer join: a group has no peer.
                PeerId = peer.Id,
                PeerUserName = peer.UserName,
                PeerDisplayName = peer.DisplayName,
                PeerLastSeenAt = peer.LastSeenAt,
                PeerLastReadSeq = (long?)peer.LastReadSeq ?? 0,
                PeerLastDeliveredSeq = (long?)peer.LastDeliveredSeq ?? 0,
                LastMessage = last,
            };
    }

    private sealed class SummaryRow
    {
        public Guid ConversationId { get; init; }
        public ConversationKind Kind { get; init; }
        public string? Name { get; init; }
        public int MemberCount { get; init; }
        public MemberRole Role { get; init; }
        public long JoinedSeq { get; init; }
        public long LastSeq { get; init; }
        public long LastReadSeq { get; init; }
        public string? PeerId { get; init; }
        public string? PeerUserName { get; init; }
        public string? PeerDisplayName { get; init; }
        public DateTimeOffset? PeerLastSeenAt { get; init; }
        public long PeerLastReadSeq { get; init; }
        public long PeerLastDeliveredSeq { get; init; }
        public Message? LastMessage { get; init; }

        // The last message is never before the member joined: their join is an event of the stream itself.
        public ConversationSummary ToSummary(MessageDto? lastMessage) => new(
            ConversationId,
            Kind,
            PeerId is null ? null : new UserSummary(PeerId, PeerUserName!, PeerDisplayName!, IsOnline: false, PeerLastSeenAt),
            LastSeq,
            LastReadSeq,
            LastSeq - LastReadSeq,
            PeerLastReadSeq,
            ConversationMember.Delivered(PeerLastDeliveredSeq, PeerLastReadSeq),
            lastMessage,
            Name,
            MemberCount,
            Role,
            JoinedSeq);
    }
}
