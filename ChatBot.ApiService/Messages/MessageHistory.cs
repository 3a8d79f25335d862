using ChatBot.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.ApiService.Messages;

/// <summary>
/// Pages of a conversation's rows (messages, events and changes to messages), always in <see cref="Message.Seq"/>
/// order, as one member sees them: from the seq they joined at, each message in its current state. Each page is
/// read in one statement with the reader's membership, so a person removed is refused (null) from the moment it
/// is committed.
/// </summary>
internal static class MessageHistory
{
    public const int MaxPageSize = 500;

    /// <summary>The newest <paramref name="limit"/> messages before <paramref name="beforeSeq"/> (or the newest at all); null for a non-member.</summary>
    public static async Task<List<MessageDto>?> PageBeforeAsync(
        this ChatDbContext db, Guid conversationId, string userId, long? beforeSeq, int limit, CancellationToken cancellationToken)
    {
        var page = await db.SeenBy(conversationId, userId)
            .Where(r => beforeSeq == null || r.Message.Seq < beforeSeq)
            .OrderByDescending(r => r.Message.Seq)
            .Take(limit)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        page.Reverse();
        return await MemberOrNullAsync(db, conversationId, userId, page, cancellationToken);
    }

    /// <summary>The first <paramref name="limit"/> messages after <paramref name="afterSeq"/>: what a client missed; null for a non-member.</summary>
    public static async Task<List<MessageDto>?> PageAfterAsync(
        this ChatDbContext db, Guid conversationId, string userId, long afterSeq, int limit, CancellationToken cancellationToken)
    {
        var page = await db.SeenBy(conversationId, userId)
            .Where(r => r.Message.Seq > afterSeq)
            .OrderBy(r => r.Message.Seq)
            .Take(limit)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        return await MemberOrNullAsync(db, conversationId, userId, page, cancellationToken);
    }

    /// <summary>The conversation's rows that the member sees (<see cref="VisibleMessages"/>), each with where the member joined: none for a non-member.</summary>
    private static IQueryable<VisibleRow> SeenBy(this ChatDbContext db, Guid conversationId, string userId) =>
        db.VisibleTo(userId).Where(row => row.Message.ConversationId == conversationId);

    /// <summary>A page with messages was read with the membership; an empty one is told apart from a non-member's.</summary>
    private static async Task<List<MessageDto>?> MemberOrNullAsync(
        ChatDbContext db, Guid conversationId, string userId, List<VisibleRow> page, CancellationToken cancellationToken) =>
        page.Count > 0 || await db.ConversationMembers.AnyAsync(m => m.ConversationId == conversationId && m.UserId == userId, cancellationToken)
            ? await db.ToDtosAsync(
                [.. page.Select(r => r.Message)],
                cancellationToken,
                page.Count == 0 ? null : new Dictionary<Guid, long> { [conversationId] = page[0].JoinedSeq })
            : null;

    /// <summary>
    /// Up to <paramref name="limit"/> messages around <paramref name="aroundSeq"/>, oldest first: the seq and what
    /// follows it, with as many before it, where there are that many; a side that runs short leaves its share to
    /// the other. Null for a non-member.
    /// </summary>
    public static async Task<List<MessageDto>?> PageAroundAsync(
        this ChatDbContext db, Guid conversationId, string userId, long aroundSeq, int limit, CancellationToken cancellationToken)
    {
        var from = await db.PageAfterAsync(conversationId, userId, aroundSeq - 1, limit, cancellationToken);
        if (from is null)
        {
            return null;
        }

        var before = await db.PageBeforeAsync(conversationId, userId, aroundSeq, limit - Math.Min(from.Count, (limit + 1) / 2), cancellationToken);
        return before is null ? null : [.. before, .. from.Take(limit - before.Count)];
    }
}
