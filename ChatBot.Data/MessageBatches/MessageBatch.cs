namespace ChatBot.Data.MessageBatches;

/// <summary>A message to store: its text normalized and its sender known to be a member.</summary>
public sealed record NewMessage(Guid ConversationId, string SenderId, Guid ClientMessageId, string Body);

/// <summary>A message's row as stored, and whether this send stored it (false for a resend of a stored one).</summary>
public sealed record StoredRow(Message Message, bool IsNew);

/// <summary>
/// Stores batches of messages, each batch in one transaction, on a connection of its own: sending's hot
/// path. The rules are here, the same for every database; only the statements differ
/// (<see cref="SqliteMessageBatch"/>, <see cref="PostgreSqlMessageBatch"/>). In the transaction, the batch's
/// conversations are locked first, so that two writers of one conversation, in this process or another,
/// number their messages one after the other: seq stays gapless and unique, and a resend stored by another
/// writer meanwhile is found, not stored twice.
/// </summary>
public abstract class MessageBatch : IDisposable
{
    /// <summary>The batch storage of the database the connection string names.</summary>
    public static MessageBatch Open(string connectionString) => DatabaseProviders.Of(connectionString) switch
    {
        DatabaseProvider.PostgreSql => PostgreSqlMessageBatch.Connect(connectionString),
        _ => SqliteMessageBatch.Connect(connectionString),
    };

    /// <summary>
    /// Stores the messages not stored yet, each conversation's numbered on from its counter in batch order,
    /// and returns each message's row: a new one, the one an earlier send of it stored, or null where its
    /// client message id was used for another conversation. Nothing of the batch is stored if this throws.
    /// </summary>
    public StoredRow?[] Commit(IReadOnlyList<NewMessage> batch, DateTimeOffset now)
    {
        using var transaction = Begin();
        var (lastSeqs, stored) = Read(
            batch.Select(m => m.ConversationId).Distinct().Order().ToList(),
            batch.Select(m => (m.SenderId, m.ClientMessageId)).Distinct().ToList());

        var rows = new StoredRow?[batch.Count];
        var fresh = new List<Message>();
        var firstInBatch = new Dictionary<(string, Guid), int>();
        for (var i = 0; i < batch.Count; i++)
        {
            var message = batch[i];
            var key = (message.SenderId, message.ClientMessageId);
            var existing = stored.GetValueOrDefault(key) ?? (firstInBatch.TryGetValue(key, out var first) ? rows[first]!.Message : null);
            if (existing is not null)
            {
                rows[i] = existing.ConversationId == message.ConversationId ? new StoredRow(existing, IsNew: false) : null;
                continue;
            }

            if (!lastSeqs.TryGetValue(message.ConversationId, out var last))
            {
                throw new InvalidOperationException($"Conversation {message.ConversationId} does not exist.");
            }

            var seq = lastSeqs[message.ConversationId] = last + 1;
            var row = new Message
            {
                ConversationId = message.ConversationId,
                Seq = seq,
                SenderId = message.SenderId,
                ClientMessageId = message.ClientMessageId,
                Body = message.Body,
                SentAt = now,
            };
            firstInBatch[key] = i;
            fresh.Add(row);
            rows[i] = new StoredRow(row, IsNew: true);
        }

        if (fresh.Count > 0)
        {
            // What you send, you have (and have read): your own messages never count as unread.
            var senders = fresh.GroupBy(m => (m.ConversationId, m.SenderId)).Select(g => (g.Key.ConversationId, g.Key.SenderId, g.Max(m => m.Seq)));
            Write(fresh, [.. fresh.Select(m => m.ConversationId).Distinct().Select(c => (c, lastSeqs[c]))], [.. senders]);
        }

        transaction.Commit();
        return rows;
    }

    /// <summary>The database, as OpenTelemetry names it (<c>db.system.name</c>).</summary>
    public abstract string SystemName { get; }

    public abstract void Dispose();

    /// <summary>Starts the batch's transaction.</summary>
    protected abstract System.Data.Common.DbTransaction Begin();

    /// <summary>
    /// Locks the conversations (in the order given, the same for every writer) and reads their counters,
    /// then the rows already stored under any of the (sender, client message id) keys.
    /// </summary>
    protected abstract (Dictionary<Guid, long> LastSeqs, Dictionary<(string Sender, Guid Client), Message> Stored) Read(
        IReadOnlyList<Guid> conversations, IReadOnlyList<(string Sender, Guid Client)> keys);

    /// <summary>Inserts the new rows, sets the counters, and moves each sender's read and delivered markers to their last message.</summary>
    protected abstract void Write(
        IReadOnlyList<Message> rows,
        IReadOnlyList<(Guid Conversation, long LastSeq)> counters,
        IReadOnlyList<(Guid Conversation, string Sender, long Seq)> senders);
}
