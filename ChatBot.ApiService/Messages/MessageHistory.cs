using ChatBot.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.ApiService.Messages;

/// <summary>Pages of a conversation's messages, always in <see cref="Message.Seq"/> order.</summary>
internal static class MessageHistory
{
    public const int MaxPageSize = 500;

    /// <summary>The newest <paramref name="limit"/> messages before <paramref name="beforeSeq"/> (or the newest at all).</summary>
    public static async Task<List<MessageDto>> PageBeforeAsync(
        this ChatDbContext db, Guid conversationId, long? beforeSeq, int limit, CancellationToken cancellationToken)
    {
        var page = await db.Messages
            .Where(m => m.ConversationId == conversationId && (beforeSeq == null || m.Seq < beforeSeq))
            .OrderByDescending(m => m.Seq)
            .Take(limit)
            .Select(m => new MessageDto(m.ConversationId, m.Seq, m.SenderId, m.ClientMessageId, m.Body, m.SentAt))
            .ToListAsync(cancellationToken);
        page.Reverse();
        return page;
    }

    /// <summary>The first <paramref name="limit"/> messages after <paramref name="afterSeq"/>: what a client missed.</summary>
    public static Task<List<MessageDto>> PageAfterAsync(
        this ChatDbContext db, Guid conversationId, long afterSeq, int limit, CancellationToken cancellationToken) =>
        db.Messages
            .Where(m => m.ConversationId == conversationId && m.Seq > afterSeq)
            .OrderBy(m => m.Seq)
            .Take(limit)
            .Select(m => new MessageDto(m.ConversationId, m.Seq, m.SenderId, m.ClientMessageId, m.Body, m.SentAt))
            .ToListAsync(cancellationToken);
}
