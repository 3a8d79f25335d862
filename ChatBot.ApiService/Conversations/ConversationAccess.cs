using ChatBot.ApiService.Security;
using ChatBot.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace ChatBot.ApiService.Conversations;

/// <summary>
/// Answers "who is in this conversation?" for every call that names one, REST or hub, and logs each refusal
/// as a security event. The members of a direct conversation never change, so the answer is cached; a
/// conversation that does not exist is not.
/// </summary>
public sealed class ConversationAccess(
    IDbContextFactory<ChatDbContext> contexts, IMemoryCache cache, SecurityEvents events, IHttpContextAccessor http)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(10);

    /// <summary>The member ids when <paramref name="userId"/> is one of them; otherwise null.</summary>
    public async ValueTask<string[]?> MembersIfMemberAsync(
        Guid conversationId, string userId, CancellationToken cancellationToken = default)
    {
        var members = await MembersAsync(conversationId, cancellationToken);
        if (members is not null && members.Contains(userId))
        {
            return members;
        }

        events.ConversationAccessRefused(userId, conversationId, SecurityEvents.ClientOf(http.HttpContext));
        return null;
    }

    private async ValueTask<string[]?> MembersAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        var key = (typeof(ConversationAccess), conversationId);
        if (cache.TryGetValue(key, out string[]? members))
        {
            return members;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        members = await db.ConversationMembers
            .Where(m => m.ConversationId == conversationId)
            .Select(m => m.UserId)
            .ToArrayAsync(cancellationToken);
        if (members.Length == 0)
        {
            return null;
        }

        cache.Set(key, members, new MemoryCacheEntryOptions { SlidingExpiration = CacheFor });
        return members;
    }
}
