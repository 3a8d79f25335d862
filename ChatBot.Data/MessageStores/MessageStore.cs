namespace ChatBot.Data.MessageStores;

/// <summary>What a row of a batch asks for: a new message, or a change to an earlier one.</summary>
public enum MessageAction
{
    Send,

    /// <summary>The sender's message <see cref="NewMessage.TargetSeq"/> gets the text <see cref="NewMessage.Body"/>.</summary>
    Edit,

    /// <summary>The message <see cref="NewMessage.TargetSeq"/> is deleted: by its sender, or in a group by an admin.</summary>
    Delete,

    /// <summary>The sender's reaction with the emoji <see cref="NewMessage.Body"/> to the message <see cref="NewMessage.TargetSeq"/> comes or goes.</summary>
    ToggleReaction,
}

/// <summary>
/// A row to store: a message (its text normalized), or a change to an earlier message (<see cref="Action"/>);
/// its sender found to be a member while the conversation's <see cref="Conversation.MembershipSeq"/> was
/// <paramref name="MembershipSeq"/>.
/// </summary>
public sealed record NewMessage(Guid ConversationId, string SenderId, Guid ClientMessageId, string Body, long MembershipSeq = 0)
{
    public MessageAction Action { get; init; } = MessageAction.Send;

    /// <summary>Of a change: the seq of the message it changes.</summary>
    public long? TargetSeq { get; init; }

    /// <summary>Of a message: the seq of the message it replies to.</summary>
    public long? ReplyToSeq { get; init; }

    /// <summary>Of a message: the members it mentions, as <see cref="Message.Mentions"/> stores them.</summary>
    public string? Mentions { get; init; }

    /// <summary>Of a message: the files sent with it, each the sender's own upload, sent with no other message.</summary>
    public IReadOnlyList<Guid> FileIds { get; init; } = [];
}

/// <summary>What became of a row of a batch.</summary>
public enum StoreOutcome
{
    /// <summary>This send stored it.</summary>
    Stored,

    /// <summary>An earlier send of it did: the row is that one.</summary>
    AlreadyStored,

    /// <summary>Not stored: its client message id names another row.</summary>
    IdTaken,

    /// <summary>Not stored: who is in the conversation changed since the sender's membership was checked; check again.</summary>
    MembershipChanged,

    /// <summary>Not stored: the message it names does not exist, is no message, or is before the sender joined.</summary>
    TargetNotFound,

    /// <summary>Not stored: the message it edits or deletes is someone else's (and, deleting in a group, the sender is no admin).</summary>
    NotAuthor,

    /// <summary>Not stored: the message it names is deleted.</summary>
    TargetDeleted,

    /// <summary>Not stored: the message has <see cref="Reaction.MaxDistinctPerMessage"/> distinct emoji already, and this is another.</summary>
    TooManyReactions,

    /// <summary>Not stored: a file it names is not the sender's finished upload, or was sent with another message.</summary>
    FileNotSendable,
}

/// <summary>What became of a row, its stored form where it is stored, and the message it replies to as it was then.</summary>
public sealed record StoredRow(StoreOutcome Outcome, Message? Message = null, Message? ReplyTo = null)
{
    public static readonly StoredRow IdTaken = new(StoreOutcome.IdTaken);

    public static readonly StoredRow MembershipChanged = new(StoreOutcome.MembershipChanged);
}

/// <summary>
/// A long-lived connection that stores batches of rows, each batch in one transaction: sending's hot path.
/// The rules are here, the same for every database; only the statements differ
/// (<see cref="SqliteMessageStore"/>, <see cref="PostgreSqlMessageStore"/>). In the transaction, the batch's
/// conversations are locked first, so that two writers of one conversation, in this process or another,
/// number their rows one after the other: seq stays gapless and unique, and a resend stored by another
/// writer meanwhile is found, not stored twice. Group events are numbered by the same counter, under the same
/// lock (<see cref="ConversationChanges"/>); a row is stored only while the conversation's members are
/// those its sender was checked against, so nobody sends after their removal, and the members it is sent to
/// are the members at its seq. Edits, deletions and reactions are rows of the same stream, decided on the
/// message as the rows before them in the batch left it; a row refused stores nothing and fails nothing else.
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
    /// Stores the rows not stored yet, each conversation's numbered on from its counter in batch order,
    /// and returns what became of each (<see cref="StoreOutcome"/>). Nothing of the batch is stored if this throws.
    /// </summary>
    public StoredRow[] Commit(IReadOnlyList<NewMessage> batch, DateTimeOffset now)
    {
        using var transaction = Begin();
        var (counters, stored) = Read(
            batch.Select(m => m.ConversationId).Distinct().Order().ToList(),
            batch.Select(m => (m.SenderId, m.ClientMessageId)).Distinct().ToList());
        var lastSeqs = counters.ToDictionary(c => c.Key, c => c.Value.LastSeq);
        var targets = batch.Any(m => m.Action != MessageAction.Send || m.ReplyToSeq is not null) ? TargetsOf(batch) : null;
        var fileIds = batch.SelectMany(m => m.FileIds).Distinct().ToList();
        var sendableFiles = fileIds.Count > 0 ? ReadSendableFiles(fileIds) : [];
        var attached = new List<(Guid File, Guid Conversation, long Seq, int Position)>();

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
                // An event's id, which its actor can read, never stands for a message; nor a message's for a change.
                rows[i] = existing.ConversationId == message.ConversationId && Answers(message.Action, existing.Kind)
                    ? new StoredRow(StoreOutcome.AlreadyStored, existing)
                    : StoredRow.IdTaken;
                continue;
            }

            var row = new Message
            {
                ConversationId = message.ConversationId,
                Seq = lastSeqs[message.ConversationId] + 1,
                SenderId = message.SenderId,
                ClientMessageId = message.ClientMessageId,
                Body = message.Body,
                SentAt = now,
                ReplyToSeq = message.ReplyToSeq,
                Mentions = message.Mentions,
            };
            if (!message.FileIds.All(file => sendableFiles.GetValueOrDefault(file) == message.SenderId))
            {
                rows[i] = new StoredRow(StoreOutcome.FileNotSendable);
                continue;
            }

            rows[i] = targets is null ? new StoredRow(StoreOutcome.Stored, row) : targets.Apply(message, row, now);
            if (rows[i].Outcome != StoreOutcome.Stored)
            {
                continue;
            }

            // A file goes with one message: a later row of the batch that names it again is refused.
            foreach (var (file, position) in message.FileIds.Select((file, position) => (file, position)))
            {
                sendableFiles.Remove(file);
                attached.Add((file, row.ConversationId, row.Seq, position));
            }

            lastSeqs[message.ConversationId] = row.Seq;
            firstInBatch[key] = i;
            fresh.Add(row);
        }

        if (fresh.Count > 0)
        {
            // What you send, you have (and have read): your own rows never count as unread.
            var senders = fresh.GroupBy(m => (m.ConversationId, m.SenderId)).Select(g => (g.Key.ConversationId, g.Key.SenderId, g.Max(m => m.Seq)));
            Write(fresh, [.. fresh.Select(m => m.ConversationId).Distinct().Select(c => (c, lastSeqs[c]))], [.. senders]);
            if (targets is not null)
            {
                var (removed, added) = targets.ReactionChanges();
                WriteChanges(targets.Updated, targets.Deleted, removed, added);
            }

            if (attached.Count > 0)
            {
                AttachFiles(attached);
            }
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

    /// <summary>
    /// What a batch with changes or replies is decided on: the senders' places in their conversations (where they
    /// joined, their role, the conversation's kind), the rows at the seqs it names (those that exist), and every
    /// reaction to the messages it <paramref name="reacted"/> to or deletes.
    /// </summary>
    protected abstract (Dictionary<(Guid Conversation, string User), MemberPlace> Members, List<Message> Messages, List<Reaction> Reactions) ReadTargets(
        IReadOnlyList<(Guid Conversation, string User)> members, IReadOnlyList<(Guid Conversation, long Seq)> messages, IReadOnlyList<(Guid Conversation, long Seq)> reacted);

    /// <summary>Inserts the new rows, sets the counters, and moves each sender's read marker to their last row.</summary>
    protected abstract void Write(
        IReadOnlyList<Message> rows,
        IReadOnlyList<(Guid Conversation, long LastSeq)> counters,
        IReadOnlyList<(Guid Conversation, string Sender, long Seq)> senders);

    /// <summary>
    /// After <see cref="Write"/>: the changed messages' state (text, edited, deleted, mentions, changed seq), the
    /// text of every edit of the deleted ones erased, and the reactions taken back and added, in that order.
    /// </summary>
    protected abstract void WriteChanges(
        IReadOnlyList<Message> updated,
        IReadOnlyList<(Guid Conversation, long Seq)> deleted,
        IReadOnlyList<Reaction> removed,
        IReadOnlyList<Reaction> added);

    /// <summary>Of these files, those that may be sent: uploaded to the end and sent with no message yet; each with its owner.</summary>
    protected abstract Dictionary<Guid, string> ReadSendableFiles(IReadOnlyList<Guid> files);

    /// <summary>After <see cref="Write"/>: each file belongs to the message it was sent with, at its place among the message's files.</summary>
    protected abstract void AttachFiles(IReadOnlyList<(Guid File, Guid Conversation, long Seq, int Position)> files);

    /// <summary>Whether a stored row of this kind is what a resend of this action stored.</summary>
    private static bool Answers(MessageAction action, MessageKind kind) => action switch
    {
        MessageAction.Send => kind == MessageKind.Text,
        MessageAction.Edit => kind == MessageKind.MessageEdited,
        MessageAction.Delete => kind == MessageKind.MessageDeleted,
        _ => kind is MessageKind.ReactionAdded or MessageKind.ReactionRemoved,
    };

    private Targets TargetsOf(IReadOnlyList<NewMessage> batch)
    {
        var named = batch.Where(m => (m.TargetSeq ?? m.ReplyToSeq) is not null)
            .Select(m => (m.ConversationId, (m.TargetSeq ?? m.ReplyToSeq)!.Value)).Distinct().ToList();
        var reacted = batch.Where(m => m.Action is MessageAction.ToggleReaction or MessageAction.Delete)
            .Select(m => (m.ConversationId, m.TargetSeq!.Value)).Distinct().ToList();
        var (members, messages, reactions) = ReadTargets([.. batch.Select(m => (m.ConversationId, m.SenderId)).Distinct()], named, reacted);
        return new Targets(members, messages, reactions);
    }

    /// <summary>Where a member's view of a conversation begins, their role, and the conversation's kind.</summary>
    protected sealed record MemberPlace(long JoinedSeq, MemberRole Role, ConversationKind Kind);

    /// <summary>
    /// The messages a batch names (replied to or changed) and their reactions, as the batch's rows so far have
    /// left them: each row is decided on what the rows before it did.
    /// </summary>
    private sealed class Targets(
        Dictionary<(Guid, string), MemberPlace> members, List<Message> messages, List<Reaction> reactions)
    {
        private readonly Dictionary<(Guid, long), Message> _messages = messages.ToDictionary(m => (m.ConversationId, m.Seq));
        private readonly HashSet<Message> _stored = [.. messages];
        private readonly List<Reaction> _reactionsBefore = reactions;
        private readonly List<Reaction> _reactions = [.. reactions];
        private readonly HashSet<Message> _updated = [];

        /// <summary>The messages stored before this batch that it changed.</summary>
        public IReadOnlyList<Message> Updated => [.. _updated];

        /// <summary>The messages this batch deleted.</summary>
        public List<(Guid Conversation, long Seq)> Deleted { get; } = [];

        /// <returns>What became of the row: stored (<paramref name="row"/> filled in as its kind makes it), or why not.</returns>
        public StoredRow Apply(NewMessage request, Message row, DateTimeOffset now)
        {
            var actor = members.GetValueOrDefault((request.ConversationId, request.SenderId));
            if (request.Action == MessageAction.Send)
            {
                Message? replyTo = null;
                if (request.ReplyToSeq is { } replyToSeq && Actionable(request.ConversationId, replyToSeq, actor, out replyTo) is { } refused)
                {
                    return new StoredRow(refused);
                }

                _messages[(row.ConversationId, row.Seq)] = row;
                // Later rows of the batch may change the message: the sender is answered with it as sent.
                return new StoredRow(StoreOutcome.Stored, row.Snapshot(), replyTo?.Snapshot());
            }

            if (Actionable(request.ConversationId, request.TargetSeq!.Value, actor, out var target) is { } notActionable)
            {
                return new StoredRow(notActionable);
            }

            row.TargetSeq = target!.Seq;
            switch (request.Action)
            {
                case MessageAction.Edit when target.SenderId != request.SenderId:
                case MessageAction.Delete when target.SenderId != request.SenderId && !(actor!.Kind == ConversationKind.Group && actor.Role == MemberRole.Admin):
                    return new StoredRow(StoreOutcome.NotAuthor);
                case MessageAction.Edit:
                    row.Kind = MessageKind.MessageEdited;
                    target.Body = request.Body;
                    target.EditedAt = now;
                    break;
                case MessageAction.Delete:
                    row.Kind = MessageKind.MessageDeleted;
                    row.Body = "";
                    target.Body = "";
                    target.DeletedAt = now;
                    target.Mentions = null;
                    _reactions.RemoveAll(r => On(r, target));
                    Deleted.Add((target.ConversationId, target.Seq));
                    break;
                default:
                    var mine = _reactions.Find(r => On(r, target) && r.UserId == request.SenderId && r.Emoji == request.Body);
                    if (mine is not null)
                    {
                        row.Kind = MessageKind.ReactionRemoved;
                        _reactions.Remove(mine);
                        break;
                    }

                    var emoji = _reactions.Where(r => On(r, target)).Select(r => r.Emoji).Distinct().ToList();
                    if (emoji.Count >= Reaction.MaxDistinctPerMessage && !emoji.Contains(request.Body))
                    {
                        return new StoredRow(StoreOutcome.TooManyReactions);
                    }

                    row.Kind = MessageKind.ReactionAdded;
                    _reactions.Add(new Reaction
                    {
                        ConversationId = target.ConversationId,
                        MessageSeq = target.Seq,
                        UserId = request.SenderId,
                        Emoji = request.Body,
                        AddedSeq = row.Seq,
                    });
                    break;
            }

            target.ChangedSeq = row.Seq;
            if (_stored.Contains(target))
            {
                _updated.Add(target);
            }

            return new StoredRow(StoreOutcome.Stored, row);
        }

        /// <summary>The reactions to take back and to add, to go from those stored to those the batch left.</summary>
        public (List<Reaction> Removed, List<Reaction> Added) ReactionChanges() =>
            ([.. _reactionsBefore.Except(_reactions)], [.. _reactions.Except(_reactionsBefore)]);

        /// <summary>
        /// The one rule of a message someone may reply to or change: a message (not an event or a change) of the
        /// conversation, from where they joined it on; else, whatever the reason, not found. A deleted one, no more.
        /// </summary>
        private StoreOutcome? Actionable(Guid conversation, long seq, MemberPlace? actor, out Message? target)
        {
            target = _messages.GetValueOrDefault((conversation, seq));
            if (actor is null || target is not { Kind: MessageKind.Text } || seq < actor.JoinedSeq)
            {
                return StoreOutcome.TargetNotFound;
            }

            return target.DeletedAt is null ? null : StoreOutcome.TargetDeleted;
        }

        private static bool On(Reaction reaction, Message message) =>
            reaction.ConversationId == message.ConversationId && reaction.MessageSeq == message.Seq;
    }
}
