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
        return rows.ConvertAll(r => r.ToSummary());
    }

    /// <summary>One conversation of the caller's; null when there is none or the caller is not in it.</summary>
    public static async Task<ConversationSummary?> FindConversationAsync(
        this ChatDbContext db, string userId, Guid conversationId, CancellationToken cancellationToken)
    {
        var row = await db.SummaryRows(userId)
            .Where(r => r.ConversationId == conversationId)
            .SingleOrDefaultAsync(cancellationToken);
        return row?.ToSummary();
    }

    private static IQueryable<SummaryRow> SummaryRows(this ChatDbContext db, string userId) =>
        from me in db.ConversationMembers
        where me.UserId == userId
        join conversation in db.Conversations on me.ConversationId equals conversation.Id
        join peer in db.ConversationMembers on me.ConversationId equals peer.ConversationId
        where peer.UserId != userId
        join peerUser in db.Users on peer.UserId equals peerUser.Id
        from last in db.Messages
            .Where(m => m.ConversationId == conversation.Id && m.Seq == conversation.LastSeq)
            .DefaultIfEmpty()
        select new SummaryRow
        {
            ConversationId = conversation.Id,
            Kind = conversation.Kind,
            LastSeq = conversation.LastSeq,
            LastReadSeq = me.LastReadSeq,
            PeerId = peer.UserId,
            PeerUserName = peerUser.UserName!,
            PeerDisplayName = peerUser.DisplayName,
            PeerLastSeenAt = peerUser.LastSeenAt,
            PeerLastReadSeq = peer.LastReadSeq,
            PeerLastDeliveredSeq = peer.LastDeliveredSeq,
            LastMessage = last,
        };

    private sealed class SummaryRow
    {
        public Guid ConversationId { get; init; }
        public ConversationKind Kind { get; init; }
        public long LastSeq { get; init; }
        public long LastReadSeq { get; init; }
        public required string PeerId { get; init; }
        public required string PeerUserName { get; init; }
        public required string PeerDisplayName { get; init; }
        public DateTimeOffset? PeerLastSeenAt { get; init; }
        public long PeerLastReadSeq { get; init; }
        public long PeerLastDeliveredSeq { get; init; }
        public Message? LastMessage { get; init; }

        public ConversationSummary ToSummary() => new(
            ConversationId,
            Kind,
            new UserSummary(PeerId, PeerUserName, PeerDisplayName, IsOnline: false, PeerLastSeenAt),
            LastSeq,
            LastReadSeq,
            LastSeq - LastReadSeq,
            PeerLastReadSeq,
            PeerLastDeliveredSeq,
            LastMessage is null ? null : MessageDto.From(LastMessage));
    }
}
