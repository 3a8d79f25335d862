using ChatBot.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ChatBot.ApiService.Messages;

/// <summary>
/// Stores batches of messages in SQLite, each batch in one transaction, through four prepared statements
/// on a connection of its own: sending's hot path, with none of an ORM's per-statement cost. It writes
/// the tables as the EF Core model maps them: GUIDs as upper-case text, times as their binary long.
/// </summary>
internal sealed class SqliteMessageBatch : IDisposable
{
    private static readonly DateTimeOffsetToBinaryConverter Time = new();

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _find;
    private readonly SqliteCommand _number;
    private readonly SqliteCommand _markSender;
    private readonly SqliteCommand _insert;

    public SqliteMessageBatch(string connectionString)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        using (var pragma = _connection.CreateCommand())
        {
            // No checkpoints on this connection: they would stall sending; WalCheckpointer runs them aside.
            pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = 0;";
            pragma.ExecuteNonQuery();
        }

        _find = Prepare("""
            SELECT "ConversationId", "Seq", "Body", "SentAt" FROM "Messages"
            WHERE "SenderId" = $sender AND "ClientMessageId" = $client
            """, ("$sender", SqliteType.Text), ("$client", SqliteType.Text));
        _number = Prepare("""
            UPDATE "Conversations" SET "LastSeq" = "LastSeq" + $count WHERE "Id" = $conversation RETURNING "LastSeq"
            """, ("$count", SqliteType.Integer), ("$conversation", SqliteType.Text));
        _markSender = Prepare("""
            UPDATE "ConversationMembers" SET "LastReadSeq" = $seq, "LastDeliveredSeq" = max("LastDeliveredSeq", $seq)
            WHERE "ConversationId" = $conversation AND "UserId" = $sender AND "LastReadSeq" < $seq
            """, ("$seq", SqliteType.Integer), ("$conversation", SqliteType.Text), ("$sender", SqliteType.Text));
        _insert = Prepare("""
            INSERT INTO "Messages" ("ConversationId", "Seq", "SenderId", "ClientMessageId", "Body", "SentAt")
            VALUES ($conversation, $seq, $sender, $client, $body, $sentAt)
            """, ("$conversation", SqliteType.Text), ("$seq", SqliteType.Integer), ("$sender", SqliteType.Text),
            ("$client", SqliteType.Text), ("$body", SqliteType.Text), ("$sentAt", SqliteType.Integer));
    }

    /// <summary>
    /// Stores the messages not stored yet, each conversation's numbered on from its counter in batch order,
    /// and returns each message's row: a new one, the one an earlier send of it stored, or null where its
    /// client message id was used for another conversation.
    /// </summary>
    public StoredMessage?[] Commit(IReadOnlyList<NewMessage> batch, DateTimeOffset now)
    {
        using var transaction = _connection.BeginTransaction(); // BEGIN IMMEDIATE: one writer at a time, across processes
        foreach (var command in new[] { _find, _number, _markSender, _insert })
        {
            command.Transaction = transaction;
        }

        var stored = new StoredMessage?[batch.Count];
        var fresh = new List<int>();
        var firstInBatch = new Dictionary<(string Sender, Guid Client), int>();
        var repeats = new List<(int Index, int First)>();
        for (var i = 0; i < batch.Count; i++)
        {
            var message = batch[i];
            if (firstInBatch.TryGetValue((message.SenderId, message.ClientMessageId), out var first))
            {
                repeats.Add((i, first));
            }
            else if (Find(message) is { } existing)
            {
                stored[i] = existing.ConversationId == message.ConversationId ? new StoredMessage(existing, IsNew: false) : null;
            }
            else
            {
                firstInBatch[(message.SenderId, message.ClientMessageId)] = i;
                fresh.Add(i);
            }
        }

        var sentAt = Time.ConvertToProvider(now);
        foreach (var conversation in fresh.GroupBy(i => batch[i].ConversationId))
        {
            var seq = Number(conversation.Key, conversation.Count());
            foreach (var i in conversation)
            {
                var message = batch[i];
                Insert(message, ++seq, sentAt);
                stored[i] = new StoredMessage(
                    new MessageDto(message.ConversationId, seq, message.SenderId, message.ClientMessageId, message.Body, now), IsNew: true);
            }

            // What you send, you have (and have read): your own messages never count as unread.
            foreach (var sender in conversation.GroupBy(i => batch[i].SenderId))
            {
                MarkSender(conversation.Key, sender.Key, sender.Max(i => stored[i]!.Message.Seq));
            }
        }

        foreach (var (i, first) in repeats)
        {
            stored[i] = stored[first] is { } original && original.Message.ConversationId == batch[i].ConversationId
                ? original with { IsNew = false }
                : null;
        }

        transaction.Commit();
        return stored;
    }

    public void Dispose()
    {
        foreach (var command in new[] { _find, _number, _markSender, _insert })
        {
            command.Dispose();
        }

        _connection.Dispose();
    }

    private MessageDto? Find(NewMessage message)
    {
        _find.Parameters["$sender"].Value = message.SenderId;
        _find.Parameters["$client"].Value = message.ClientMessageId;
        using var row = _find.ExecuteReader();
        return row.Read()
            ? new MessageDto(row.GetGuid(0), row.GetInt64(1), message.SenderId, message.ClientMessageId, row.GetString(2),
                (DateTimeOffset)Time.ConvertFromProvider(row.GetInt64(3))!)
            : null;
    }

    /// <returns>The seq before the <paramref name="count"/> just taken: they are that + 1 … that + count.</returns>
    private long Number(Guid conversationId, int count)
    {
        _number.Parameters["$count"].Value = count;
        _number.Parameters["$conversation"].Value = conversationId;
        var last = _number.ExecuteScalar() ?? throw new InvalidOperationException($"Conversation {conversationId} does not exist.");
        return (long)last - count;
    }

    private void Insert(NewMessage message, long seq, object? sentAt)
    {
        _insert.Parameters["$conversation"].Value = message.ConversationId;
        _insert.Parameters["$seq"].Value = seq;
        _insert.Parameters["$sender"].Value = message.SenderId;
        _insert.Parameters["$client"].Value = message.ClientMessageId;
        _insert.Parameters["$body"].Value = message.Body;
        _insert.Parameters["$sentAt"].Value = sentAt;
        _insert.ExecuteNonQuery();
    }

    private void MarkSender(Guid conversationId, string senderId, long seq)
    {
        _markSender.Parameters["$seq"].Value = seq;
        _markSender.Parameters["$conversation"].Value = conversationId;
        _markSender.Parameters["$sender"].Value = senderId;
        _markSender.ExecuteNonQuery();
    }

    private SqliteCommand Prepare(string sql, params (string Name, SqliteType Type)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, type) in parameters)
        {
            command.Parameters.Add(name, type);
        }

        command.Prepare();
        return command;
    }
}
