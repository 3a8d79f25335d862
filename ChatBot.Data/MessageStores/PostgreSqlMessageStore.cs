using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace ChatBot.Data.MessageStores;

/// <summary>
/// Message batches in PostgreSQL, in three round trips whatever the batch's size: read (the conversations
/// locked with <c>FOR UPDATE</c>, in id order so that writers never deadlock, and the keys already stored),
/// write (counters, rows and senders' markers, each one statement over arrays), commit.
/// </summary>
internal sealed class PostgreSqlMessageStore : MessageStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlBatch _read;
    private readonly NpgsqlBatch _write;

    private PostgreSqlMessageStore(NpgsqlDataSource dataSource, NpgsqlConnection connection)
    {
        _dataSource = dataSource;
        _connection = connection;
        _read = new NpgsqlBatch(_connection)
        {
            BatchCommands =
            {
                Command("""
                    SELECT "Id", "LastSeq", "MembershipSeq" FROM "Conversations" WHERE "Id" = ANY($1) ORDER BY "Id" FOR UPDATE
                    """, NpgsqlDbType.Uuid),
                Command("""
                    SELECT m."ConversationId", m."Seq", m."SenderId", m."ClientMessageId", m."Body", m."SentAt", m."Kind"
                    FROM unnest($1, $2) AS k(sender, client)
                    JOIN "Messages" AS m ON m."SenderId" = k.sender AND m."ClientMessageId" = k.client
                    """, NpgsqlDbType.Text, NpgsqlDbType.Uuid),
            },
        };
        _write = new NpgsqlBatch(_connection)
        {
            BatchCommands =
            {
                Command("""
                    UPDATE "Conversations" AS c SET "LastSeq" = v.last
                    FROM unnest($1, $2) AS v(id, last) WHERE c."Id" = v.id
                    """, NpgsqlDbType.Uuid, NpgsqlDbType.Bigint),
                Command("""
                    INSERT INTO "Messages" ("ConversationId", "Seq", "SenderId", "ClientMessageId", "Body", "SentAt")
                    SELECT * FROM unnest($1, $2, $3, $4, $5, $6)
                    """, NpgsqlDbType.Uuid, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.Uuid, NpgsqlDbType.Text, NpgsqlDbType.TimestampTz),
                Command("""
                    UPDATE "ConversationMembers" AS m
                    SET "LastReadSeq" = v.seq
                    FROM unnest($1, $2, $3) AS v(conversation, sender, seq)
                    WHERE m."ConversationId" = v.conversation AND m."UserId" = v.sender AND m."LastReadSeq" < v.seq
                    """, NpgsqlDbType.Uuid, NpgsqlDbType.Text, NpgsqlDbType.Bigint),
            },
        };
        _read.Prepare();
        _write.Prepare();
    }

    public static PostgreSqlMessageStore Connect(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // Each message's write is traced in the trace of its send; the statements start no traces of their own.
        builder.ConfigureTracing(tracing => tracing.ConfigureCommandFilter(_ => false).ConfigureBatchFilter(_ => false));
        var dataSource = builder.Build();
        NpgsqlConnection? connection = null;
        try
        {
            connection = dataSource.OpenConnection();
            return new PostgreSqlMessageStore(dataSource, connection);
        }
        catch
        {
            connection?.Dispose();
            dataSource.Dispose();
            throw;
        }
    }

    public override string SystemName => "postgresql";

    public override void Dispose()
    {
        _read.Dispose();
        _write.Dispose();
        _connection.Dispose();
        _dataSource.Dispose();
    }

    protected override DbTransaction Begin() => _connection.BeginTransaction();

    protected override (Dictionary<Guid, (long LastSeq, long MembershipSeq)> Counters, Dictionary<(string Sender, Guid Client), Message> Stored) Read(
        IReadOnlyList<Guid> conversations, IReadOnlyList<(string Sender, Guid Client)> keys)
    {
        Bind(_read.BatchCommands[0], conversations.ToArray());
        Bind(_read.BatchCommands[1], keys.Select(k => k.Sender).ToArray(), keys.Select(k => k.Client).ToArray());
        using var reader = _read.ExecuteReader();

        var counters = new Dictionary<Guid, (long, long)>();
        while (reader.Read())
        {
            counters[reader.GetGuid(0)] = (reader.GetInt64(1), reader.GetInt64(2));
        }

        reader.NextResult();
        var stored = new Dictionary<(string, Guid), Message>();
        while (reader.Read())
        {
            var message = new Message
            {
                ConversationId = reader.GetGuid(0),
                Seq = reader.GetInt64(1),
                SenderId = reader.GetString(2),
                ClientMessageId = reader.GetGuid(3),
                Body = reader.GetString(4),
                SentAt = reader.GetFieldValue<DateTimeOffset>(5),
                Kind = (MessageKind)reader.GetInt32(6),
            };
            stored[(message.SenderId, message.ClientMessageId)] = message;
        }

        return (counters, stored);
    }

    protected override void Write(
        IReadOnlyList<Message> rows,
        IReadOnlyList<(Guid Conversation, long LastSeq)> counters,
        IReadOnlyList<(Guid Conversation, string Sender, long Seq)> senders)
    {
        Bind(_write.BatchCommands[0], counters.Select(c => c.Conversation).ToArray(), counters.Select(c => c.LastSeq).ToArray());
        Bind(
            _write.BatchCommands[1],
            rows.Select(r => r.ConversationId).ToArray(),
            rows.Select(r => r.Seq).ToArray(),
            rows.Select(r => r.SenderId).ToArray(),
            rows.Select(r => r.ClientMessageId).ToArray(),
            rows.Select(r => r.Body).ToArray(),
            rows.Select(r => r.SentAt).ToArray());
        Bind(
            _write.BatchCommands[2],
            senders.Select(s => s.Conversation).ToArray(),
            senders.Select(s => s.Sender).ToArray(),
            senders.Select(s => s.Seq).ToArray());
        _write.ExecuteNonQuery();
    }

    /// <summary>A statement whose positional parameters are arrays of the given element types.</summary>
    private static NpgsqlBatchCommand Command(string sql, params NpgsqlDbType[] elementTypes)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var type in elementTypes)
        {
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Array | type });
        }

        return command;
    }

    private static void Bind(NpgsqlBatchCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }
    }
}
