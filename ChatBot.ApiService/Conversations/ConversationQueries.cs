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
            .Where(r => r.LastShownId != null)
            .OrderByDescending(r => r.LastShownId)
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
        var ids = rows.Select(r => r.LastShownId).OfType<long>().ToList();
        var lastRows = ids.Count == 0 ? [] : await db.Messages.Where(m => ids.Contains(m.Id)).AsNoTracking().ToListAsync(cancellationToken);
        var last = await db.ToDtosAsync(lastRows, cancellationToken, rows.ToDictionary(r => r.ConversationId, r => r.JoinedSeq));
        var lastByConversation = last.ToDictionary(m => m.ConversationId);
        return rows.ConvertAll(r => r.ToSummary(lastByConversation.GetValueOrDefault(r.ConversationId)));
    }

    /// <summary>
    /// The other member of each direct conversation of <paramref name="userId"/>'s (a group has no one peer): whom
    /// the conversation is with, and so what it is called.
    /// </summary>
    public static IQueryable<DirectPeer> DirectPeers(this ChatDbContext db, string userId) =>
        from peer in db.ConversationMembers
        join conversation in db.Conversations on peer.ConversationId equals conversation.Id
        where conversation.Kind == ConversationKind.Direct && peer.UserId != userId
        join user in db.Users on peer.UserId equals user.Id
        select new DirectPeer
        {
            ConversationId = peer.ConversationId,
            LastReadSeq = peer.LastReadSeq,
            LastDeliveredSeq = peer.LastDeliveredSeq,
            Id = user.Id,
            UserName = user.UserName!,
            NormalizedUserName = user.NormalizedUserName!,
            DisplayName = user.DisplayName,
            LastSeenAt = user.LastSeenAt,
        };

    private static IQueryable<SummaryRow> SummaryRows(this ChatDbContext db, string userId)
    {
        var peers = db.DirectPeers(userId);
        return
            from me in db.ConversationMembers
            where me.UserId == userId
            join conversation in db.Conversations on me.ConversationId equals conversation.Id
            join peer in peers on conversation.Id equals peer.ConversationId into direct
            from peer in direct.DefaultIfEmpty()
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
                // Unread: what is shown in the timeline after the read position; change rows are folded, not counted.
                UnreadCount = db.Messages.LongCount(m => m.ConversationId == conversation.Id && m.Seq > me.LastReadSeq && m.Seq >= me.JoinedSeq
                    && m.Kind <= Message.LastShownKind),
                UnreadMentions = db.Messages.Count(m => m.ConversationId == conversation.Id && m.Seq > me.LastReadSeq && m.Seq >= me.JoinedSeq
                    && m.Kind == MessageKind.Text && m.Mentions != null && m.Mentions.Contains(userId)),
                // Nullable columns of the outer join: a group has no peer.
                PeerId = peer.Id,
                PeerUserName = peer.UserName,
                PeerDisplayName = peer.DisplayName,
                PeerLastSeenAt = peer.LastSeenAt,
                PeerLastReadSeq = (long?)peer.LastReadSeq ?? 0,
                PeerLastDeliveredSeq = (long?)peer.LastDeliveredSeq ?? 0,
                // The last row shown in the timeline: a change row is folded into the message it changes.
                LastShownId = db.Messages
                    .Where(m => m.ConversationId == conversation.Id && m.Kind <= Message.LastShownKind)
                    .OrderByDescending(m => m.Seq)
                    .Select(m => (long?)m.Id)
                    .FirstOrDefault(),
            };
    }

    // Initialized by properties, not a constructor: EF Core filters and joins on them in SQL.
    internal sealed class DirectPeer
    {
        public Guid ConversationId { get; init; }
        public long LastReadSeq { get; init; }
        public long LastDeliveredSeq { get; init; }
        public required string Id { get; init; }
        public required string UserName { get; init; }
        public required string NormalizedUserName { get; init; }
        public required string DisplayName { get; init; }
        public DateTimeOffset? LastSeenAt { get; init; }
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
        public long UnreadCount { get; init; }
        public int UnreadMentions { get; init; }
        public string? PeerId { get; init; }
        public string? PeerUserName { get; init; }
        public string? PeerDisplayName { get; init; }
        public DateTimeOffset? PeerLastSeenAt { get; init; }
        public long PeerLastReadSeq { get; init; }
        public long PeerLastDeliveredSeq { get; init; }
        public long? LastShownId { get; init; }

        // The last message is never before the member joined: their join is an event of the stream itself.
        public ConversationSummary ToSummary(MessageDto? lastMessage) => new(
            ConversationId,
            Kind,
            PeerId is null ? null : new UserSummary(PeerId, PeerUserName!, PeerDisplayName!, IsOnline: false, PeerLastSeenAt),
            LastSeq,
            LastReadSeq,
            UnreadCount,
            PeerLastReadSeq,
            ConversationMember.Delivered(PeerLastDeliveredSeq, PeerLastReadSeq),
            lastMessage,
            Name,
            MemberCount,
            Role,
            JoinedSeq,
            UnreadMentions);
    }
}
