using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ChatBot.Data.MessageBatches;

/// <summary>
/// Message batches in SQLite, through prepared statements on a connection of their own: none of an ORM's
/// per-statement cost. It writes the tables as the EF Core model maps them: GUIDs as upper-case text, times
/// as their binary long. BEGIN IMMEDIATE takes the database's one write lock for the whole batch.
/// </summary>
internal sealed class SqliteMessageBatch : MessageBatch
{
    private static readonly DateTimeOffsetToBinaryConverter Time = new();

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _lastSeq;
    private readonly SqliteCommand _find;
    private readonly SqliteCommand _setLastSeq;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _markSender;

    private SqliteMessageBatch(SqliteConnection connection)
    {
        _connection = connection;
        using (var pragma = _connection.CreateCommand())
        {
            // No checkpoints on this connection: they would stall sending; WalCheckpointer runs them aside.
            pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = 0;";
            pragma.ExecuteNonQuery();
        }

        _lastSeq = Prepare("""
            SELECT "LastSeq", "MembershipSeq" FROM "Conversations" WHERE "Id" = $conversation
            """, ("$conversation", SqliteType.Text));
        _find = Prepare("""
            SELECT "ConversationId", "Seq", "Body", "SentAt", "Kind" FROM "Messages"
            WHERE "SenderId" = $sender AND "ClientMessageId" = $client
            """, ("$sender", SqliteType.Text), ("$client", SqliteType.Text));
        _setLastSeq = Prepare("""
            UPDATE "Conversations" SET "LastSeq" = $last WHERE "Id" = $conversation
            """, ("$last", SqliteType.Integer), ("$conversation", SqliteType.Text));
        _insert = Prepare("""
            INSERT INTO "Messages" ("ConversationId", "Seq", "SenderId", "ClientMessageId", "Body", "SentAt")
            VALUES ($conversation, $seq, $sender, $client, $body, $sentAt)
            """, ("$conversation", SqliteType.Text), ("$seq", SqliteType.Integer), ("$sender", SqliteType.Text),
            ("$client", SqliteType.Text), ("$body", SqliteType.Text), ("$sentAt", SqliteType.Integer));
        _markSender = Prepare("""
            UPDATE "ConversationMembers" SET "LastReadSeq" = $seq, "LastDeliveredSeq" = max("LastDeliveredSeq", $seq)
            WHERE "ConversationId" = $conversation AND "UserId" = $sender AND "LastReadSeq" < $seq
            """, ("$seq", SqliteType.Integer), ("$conversation", SqliteType.Text), ("$sender", SqliteType.Text));
    }

    public static SqliteMessageBatch Connect(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            return new SqliteMessageBatch(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public override string SystemName => "sqlite";

    public override void Dispose()
    {
        foreach (var command in Commands)
        {
            command.Dispose();
        }

        _connection.Dispose();
    }

    protected override DbTransaction Begin()
    {
        var transaction = _connection.BeginTransaction();
        foreach (var command in Commands)
        {
            command.Transaction = transaction;
        }

        return transaction;
    }

    protected override (Dictionary<Guid, (long LastSeq, long MembershipSeq)> Counters, Dictionary<(string Sender, Guid Client), Message> Stored) Read(
        IReadOnlyList<Guid> conversations, IReadOnlyList<(string Sender, Guid Client)> keys)
    {
        var counters = new Dictionary<Guid, (long, long)>();
        foreach (var conversation in conversations)
        {
            _lastSeq.Parameters["$conversation"].Value = conversation;
            using var row = _lastSeq.ExecuteReader();
            if (row.Read())
            {
                counters[conversation] = (row.GetInt64(0), row.GetInt64(1));
            }
        }

        var stored = new Dictionary<(string, Guid), Message>();
        foreach (var (sender, client) in keys)
        {
            _find.Parameters["$sender"].Value = sender;
            _find.Parameters["$client"].Value = client;
            using var row = _find.ExecuteReader();
            if (row.Read())
            {
                stored[(sender, client)] = new Message
                {
                    ConversationId = row.GetGuid(0),
                    Seq = row.GetInt64(1),
                    SenderId = sender,
                    ClientMessageId = client,
                    Body = row.GetString(2),
                    SentAt = (DateTimeOffset)Time.ConvertFromProvider(row.GetInt64(3))!,
                    Kind = (MessageKind)row.GetInt32(4),
                };
            }
        }

        return (counters, stored);
    }

    protected override void Write(
        IReadOnlyList<Message> rows,
        IReadOnlyList<(Guid Conversation, long LastSeq)> counters,
        IReadOnlyList<(Guid Conversation, string Sender, long Seq)> senders)
    {
        foreach (var (conversation, last) in counters)
        {
            _setLastSeq.Parameters["$last"].Value = last;
            _setLastSeq.Parameters["$conversation"].Value = conversation;
            _setLastSeq.ExecuteNonQuery();
        }

        foreach (var row in rows)
        {
            _insert.Parameters["$conversation"].Value = row.ConversationId;
            _insert.Parameters["$seq"].Value = row.Seq;
            _insert.Parameters["$sender"].Value = row.SenderId;
            _insert.Parameters["$client"].Value = row.ClientMessageId;
            _insert.Parameters["$body"].Value = row.Body;
            _insert.Parameters["$sentAt"].Value = Time.ConvertToProvider(row.SentAt);
            _insert.ExecuteNonQuery();
        }

        foreach (var (conversation, sender, seq) in senders)
        {
            _markSender.Parameters["$seq"].Value = seq;
            _markSender.Parameters["$conversation"].Value = conversation;
            _markSender.Parameters["$sender"].Value = sender;
            _markSender.ExecuteNonQuery();
        }
    }

    private IEnumerable<SqliteCommand> Commands => [_lastSeq, _find, _setLastSeq, _insert, _markSender];

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
