using ChatBot.ApiService.Security;
using ChatBot.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace ChatBot.ApiService.Conversations;

/// <summary>
/// Answers "who is in this conversation?" for the hub's calls that name one. Members are cached with the
/// <see cref="Conversation.MembershipSeq"/> they were read at, and trusted only as far as it is checked:
/// sending checks it in the message writer's transaction (no read here), the other calls against the
/// database first (one read of a key). So a change of members made on any replica counts on every replica
/// from the moment it is committed, with nothing to tell them. Each refusal is logged as a security event.
/// </summary>
public sealed class ConversationAccess(
    IDbContextFactory<ChatDbContext> contexts, IMemoryCache cache, SecurityEvents events, IHttpContextAccessor http)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The members when <paramref name="userId"/> is one of them, as last read; for a caller that has the
    /// membership checked again where it counts (the message writer). Someone not among them is looked up
    /// afresh: they may have just been added.
    /// </summary>
    public async ValueTask<Membership?> LastKnownIfMemberAsync(Guid conversationId, string userId, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(Key(conversationId), out Membership? known) && known!.Includes(userId))
        {
            return known;
        }

        return await CurrentIfMemberAsync(conversationId, userId, cancellationToken);
    }

    /// <summary>The members when <paramref name="userId"/> is one of them, as they are now; otherwise null.</summary>
    public async ValueTask<Membership?> CurrentIfMemberAsync(Guid conversationId, string userId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (cache.TryGetValue(Key(conversationId), out Membership? known))
        {
            var seq = await db.Conversations.Where(c => c.Id == conversationId).Select(c => c.MembershipSeq).SingleAsync(cancellationToken);
            if (seq == known!.Seq)
            {
                return known.Includes(userId) ? known : Refused(conversationId, userId);
            }
        }

        // One statement: the members and the seq they are true at come from the same snapshot.
        var rows = await db.ConversationMembers
            .Where(m => m.ConversationId == conversationId)
            .Select(m => new { m.UserId, m.JoinedSeq, m.Conversation!.MembershipSeq })
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            cache.Remove(Key(conversationId));
            return Refused(conversationId, userId);
        }

        var current = new Membership(rows[0].MembershipSeq, rows.ConvertAll(r => new MemberPosition(r.UserId, r.JoinedSeq)));
        cache.Set(Key(conversationId), current, new MemoryCacheEntryOptions { SlidingExpiration = CacheFor });
        return current.Includes(userId) ? current : Refused(conversationId, userId);
    }

    /// <summary>Logs a refused access, by a caller that found the person not a member itself; null, the refusal.</summary>
    public Membership? Refused(Guid conversationId, string userId)
    {
        events.ConversationAccessRefused(userId, conversationId, SecurityEvents.ClientOf(http.HttpContext));
        return null;
    }

    /// <summary>Drops what is known of the conversation's members: they have changed.</summary>
    public void Forget(Guid conversationId) => cache.Remove(Key(conversationId));

    private static (Type, Guid) Key(Guid conversationId) => (typeof(ConversationAccess), conversationId);
}
