using Microsoft.EntityFrameworkCore;

namespace ChatBot.Data;

/// <summary>
/// Changes to a conversation beside the message writer, under the same rule: the conversation is locked before
/// its counter is read, so that every writer of its seq (the writer's batches, on any replica, and these)
/// numbers one after the other and seq stays gapless and unique. On PostgreSQL the row is locked
/// (<c>FOR UPDATE</c>); on SQLite the transaction begins <c>IMMEDIATE</c>, holding the database's one write lock.
/// </summary>
public static class ConversationChanges
{
    /// <summary>
    /// Runs <paramref name="decide"/> on the conversation, locked with its members (null when there is no such
    /// conversation), in a transaction that is committed when it appended an event and rolled back otherwise.
    /// </summary>
    /// <remarks>It may run more than once: on PostgreSQL, a transient failure runs the whole transaction again.</remarks>
    public static Task<TResult> ChangeConversationAsync<TResult>(
        this ChatDbContext db, Guid conversationId, DateTimeOffset now,
        Func<ConversationChange?, TResult> decide, CancellationToken cancellationToken) =>
        db.Database.CreateExecutionStrategy().ExecuteAsync(async attempt =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(attempt);
            var conversation = await db.LockAsync(conversationId, attempt);
            ConversationChange? change = null;
            if (conversation is not null)
            {
                await db.ConversationMembers.Where(m => m.ConversationId == conversationId).LoadAsync(attempt);
                change = new ConversationChange(db, conversation, now);
            }

            var result = decide(change);
            if (change is { Events.Count: > 0 })
            {
                await db.SaveChangesAsync(attempt);
                await transaction.CommitAsync(attempt);
            }

            return result;
        }, cancellationToken);

    /// <summary>
    /// Starts a conversation with its first events: nobody else can write to it before this commits, so
    /// nothing is locked.
    /// </summary>
    public static async Task StartConversationAsync(
        this ChatDbContext db, Conversation conversation, DateTimeOffset now,
        Action<ConversationChange> begin, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        db.Conversations.Add(conversation);
        begin(new ConversationChange(db, conversation, now));
        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task<Conversation?> LockAsync(this ChatDbContext db, Guid conversationId, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            // Not composed into a larger query: the lock applies to this row, as the writer's batches take it.
            var locked = await db.Conversations
                .FromSql($"""SELECT * FROM "Conversations" WHERE "Id" = {conversationId} FOR UPDATE""")
                .ToListAsync(cancellationToken);
            return locked.SingleOrDefault();
        }

        return await db.Conversations.SingleOrDefaultAsync(c => c.Id == conversationId, cancellationToken);
    }
}
