namespace ChatBot.Data.MessageStores;

/// <summary>
/// A message to store: its text normalized, its sender found to be a member while the conversation's
/// <see cref="Conversation.MembershipSeq"/> was <paramref name="MembershipSeq"/>.
/// </summary>
public sealed record NewMessage(Guid ConversationId, string SenderId, Guid ClientMessageId, string Body, long MembershipSeq = 0);

/// <summary>What became of a message of a batch.</summary>
public enum StoreOutcome
{
    /// <summary>This send stored it.</summary>
    Stored,

    /// <summary>An earlier send of it did: the row is that one.</summary>
    AlreadyStored,

    /// <summary>Not stored: its client message id names another message.</summary>
    IdTaken,

    /// <summary>Not stored: who is in the conversation changed since the sender's membership was checked; check again.</summary>
    MembershipChanged,
}

/// <summary>What became of a message, and its row where it is stored.</summary>
public sealed record StoredRow(StoreOutcome Outcome, Message? Message = null)
{
    public static readonly StoredRow IdTaken = new(StoreOutcome.IdTaken);

    public static readonly StoredRow MembershipChanged = new(StoreOutcome.MembershipChanged);
}

/// <summary>
/// A long-lived connection that stores batches of messages, each batch in one transaction: sending's hot
/// path. The rules are here, the same for every database; only the statements differ
/// (<see cref="SqliteMessageStore"/>, <see cref="PostgreSqlMessageStore"/>). In the transaction, the batch's
/// conversations are locked first, so that two writers of one conversation, in this process or another,
/// number their messages one after the other: seq stays gapless and unique, and a resend stored by another
/// writer meanwhile is found, not stored twice. Group events are numbered by the same counter, under the same
/// lock (<see cref="ConversationChanges"/>); a message is stored only while the conversation's members are
/// those its sender was checked against, so nobody sends after their removal, and the members it is sent to
/// are the members at its seq.
/// </summary>
public abstract class MessageStore : IDisposable
{
    /// <summary>A connection to the database the connection string names, for storing batches.</summary>
    public static MessageStore Open(string connectionString) => DatabaseProviders.Of(connectionString) switch
    {
        DatabaseProvider.PostgreSql => PostgreSqlMessageStore.Connect(connectionString),
        _ => SqliteMessageStore.Connect(connectionString),
    };

    /// <summary>
    /// Stores the messages not stored yet, each conversation's numbered on from its counter in batch order,
    /// and returns what became of each (<see cref="StoreOutcome"/>). Nothing of the batch is stored if this throws.
    /// </summary>
    public StoredRow[] Commit(IReadOnlyList<NewMessage> batch, DateTimeOffset now)
    {
        using var transaction = Begin();
        var (counters, stored) = Read(
            batch.Select(m => m.ConversationId).Distinct().Order().ToList(),
            batch.Select(m => (m.SenderId, m.ClientMessageId)).Distinct().ToList());
        var lastSeqs = counters.ToDictionary(c => c.Key, c => c.Value.LastSeq);

        var rows = new StoredRow[batch.Count];
        var fresh = new List<Message>();
        var firstInBatch = new Dictionary<(string, Guid), int>();
        for (var i = 0; i < batch.Count; i++)
        {
            var message = batch[i];
            if (!counters.TryGetValue(message.ConversationId, out var counter))
            {
                throw new InvalidOperationException($"Conversation {message.ConversationId} does not exist.");
            }

            if (counter.MembershipSeq != message.MembershipSeq)
            {
                rows[i] = StoredRow.MembershipChanged;
                continue;
            }

            var key = (message.SenderId, message.ClientMessageId);
            var existing = stored.GetValueOrDefault(key) ?? (firstInBatch.TryGetValue(key, out var first) ? rows[first].Message : null);
            if (existing is not null)
            {
                // An event's id, which its actor can read, never stands for a message.
                rows[i] = existing.ConversationId == message.ConversationId && existing.Kind == MessageKind.Text
                    ? new StoredRow(StoreOutcome.AlreadyStored, existing)
                    : StoredRow.IdTaken;
                continue;
            }

            var seq = lastSeqs[message.ConversationId] += 1;
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
            rows[i] = new StoredRow(StoreOutcome.Stored, row);
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
    /// Locks the conversations (in the order given, the same for every writer) and reads their counters
    /// (<see cref="Conversation.LastSeq"/>, <see cref="Conversation.MembershipSeq"/>), then the rows already
    /// stored under any of the (sender, client message id) keys.
    /// </summary>
    protected abstract (Dictionary<Guid, (long LastSeq, long MembershipSeq)> Counters, Dictionary<(string Sender, Guid Client), Message> Stored) Read(
        IReadOnlyList<Guid> conversations, IReadOnlyList<(string Sender, Guid Client)> keys);

    /// <summary>Inserts the new rows, sets the counters, and moves each sender's read marker to their last message.</summary>
    protected abstract void Write(
        IReadOnlyList<Message> rows,
        IReadOnlyList<(Guid Conversation, long LastSeq)> counters,
        IReadOnlyList<(Guid Conversation, string Sender, long Seq)> senders);
}
