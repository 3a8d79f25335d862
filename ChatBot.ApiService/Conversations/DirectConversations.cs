using ChatBot.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.ApiService.Conversations;

internal static class DirectConversations
{
    /// <summary>
    /// The one direct conversation of the pair, created on first use. Concurrent opens of the same pair
    /// race on the unique <see cref="Conversation.DirectKey"/>: one insert wins, the others read its row.
    /// </summary>
    public static async Task<(Guid Id, bool Created)> OpenAsync(
        this ChatDbContext db, string userId, string otherUserId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var key = Conversation.DirectKeyFor(userId, otherUserId);
        var existing = await db.FindDirectAsync(key, cancellationToken);
        if (existing is { } id)
        {
            return (id, false);
        }

        var conversation = new Conversation
        {
            Id = Guid.CreateVersion7(now),
            Kind = ConversationKind.Direct,
            DirectKey = key,
            CreatedAt = now,
        };
        conversation.Members.Add(new ConversationMember { UserId = userId, JoinedAt = now });
        conversation.Members.Add(new ConversationMember { UserId = otherUserId, JoinedAt = now });
        db.Conversations.Add(conversation);

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (conversation.Id, true);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            db.ChangeTracker.Clear();
            return (await db.FindDirectAsync(key, cancellationToken)
                ?? throw new InvalidOperationException("The conversation that won the race is gone.", exception), false);
        }
    }

    private static async Task<Guid?> FindDirectAsync(this ChatDbContext db, string key, CancellationToken cancellationToken) =>
        await db.Conversations
            .Where(c => c.DirectKey == key)
            .Select(c => (Guid?)c.Id)
            .SingleOrDefaultAsync(cancellationToken);
}
