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
    /// <summary>A row's columns, in the order <see cref="ReadRow"/> reads them and the insert takes them.</summary>
    private const string RowColumns = """
        "ConversationId", "Seq", "Kind", "SenderId", "ClientMessageId", "Body", "SentAt",
        "TargetSeq", "ReplyToSeq", "Mentions", "EditedAt", "DeletedAt", "ChangedSeq"
        """;

    private static readonly NpgsqlDbType[] RowTypes =
    [
        NpgsqlDbType.Uuid, NpgsqlDbType.Bigint, NpgsqlDbType.Integer, NpgsqlDbType.Text, NpgsqlDbType.Uuid, NpgsqlDbType.Text, NpgsqlDbType.TimestampTz,
        NpgsqlDbType.Bigint, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz, NpgsqlDbType.Bigint,
    ];

    private readonly NpgsqlBatch _read;
    private readonly NpgsqlBatch _write;
    private readonly NpgsqlBatch _readTargets;
    private readonly NpgsqlBatch _writeChanges;
    private readonly NpgsqlBatch _sendableFiles;
    private readonly NpgsqlBatch _attachFiles;

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
                Command($"""
                    SELECT {RowColumns} FROM unnest($1, $2) AS k(sender, client)
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
                Command($"""
                    INSERT INTO "Messages" ({RowColumns})
                    SELECT * FROM unnest($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                    """, RowTypes),
                Command("""
                    UPDATE "ConversationMembers" AS m
                    SET "LastReadSeq" = v.seq
                    FROM unnest($1, $2, $3) AS v(conversation, sender, seq)
                    WHERE m."ConversationId" = v.conversation AND m."UserId" = v.sender AND m."LastReadSeq" < v.seq
                    """, NpgsqlDbType.Uuid, NpgsqlDbType.Text, NpgsqlDbType.Bigint),
            },
        };
        _readTargets = new NpgsqlBatch(_connection)
        {
            BatchCommands =
            {
                Command("""
                    SELECT m."ConversationId", m."UserId", m."JoinedSeq", m."Role", c."Kind" FROM unnest($1, $2) AS k(conversation, member)
                    JOIN "ConversationMembers" AS m ON m."ConversationId" = k.conversation AND m."UserId" = k.member
                    JOIN "Conversations" AS c ON c."Id" = m."ConversationId"
                    """, NpgsqlDbType.Uuid, NpgsqlDbType.Text),
                Command($"""
                    SELECT {RowColumns} FROM unnest($1, $2) AS k(conversation, seq)
                    JOIN "Messages" AS m ON m."ConversationId" = k.conversation AND m."Seq" = k.seq
                    """, NpgsqlDbType.Uuid, NpgsqlDbType.Bigint),
                Command("""
                    SELECT r."ConversationId", r."MessageSeq", r."UserId", r."Emoji", r."AddedSeq" FROM unnest($1, $2) AS k(conversation, seq)
                    JOIN "Reactions" AS r ON r."ConversationId" = k.conversation AND r."MessageSeq" = k.seq
                    """, NpgsqlDbType.Uuid, NpgsqlDbType.Bigint),
            },
        };
        _writeChanges = new NpgsqlBatch(_connection)
        {
            BatchCommands =
            {
                Command("""
                    UPDATE "Messages" AS m
                    SET "Body" = v.body, "EditedAt" = v.edited, "DeletedAt" = v.deleted, "Mentions" = v.mentions, "ChangedSeq" = v.changed
                    FROM unnest($1, $2, $3, $4, $5, $6, $7) AS v(conversation, seq, body, edited, deleted, mentions, changed)
                    WHERE m."ConversationId" = v.conversation AND m."Seq" = v.seq
                    """, NpgsqlDbType.Uuid, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.TimestampTz, NpgsqlDbType.TimestampTz,
                    NpgsqlDbType.Text, NpgsqlDbType.Bigint),
                Command($"""
                    UPDATE "Messages" AS m SET "Body" = ''
                    FROM unnest($1, $2) AS v(conversation, seq)
                    WHERE m."ConversationId" = v.conversation AND m."TargetSeq" = v.seq AND m."Kind" = {(int)MessageKind.MessageEdited}
                    """, NpgsqlDbType.Uuid, NpgsqlDbType.Bigint),
                Command("""
                    DELETE FROM "Reactions" AS r
                    USING unnest($1, $2, $3, $4) AS v(conversation, seq, member, emoji)
                    WHERE r."ConversationId" = v.conversation AND r."MessageSeq" = v.seq AND r."UserId" = v.member AND r."Emoji" = v.emoji
                    """, NpgsqlDbType.Uuid, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.Text),
                Command("""
                    INSERT INTO "Reactions" ("ConversationId", "MessageSeq", "UserId", "Emoji", "AddedSeq")
                    SELECT * FROM unnest($1, $2, $3, $4, $5)
                    """, NpgsqlDbType.Uuid, NpgsqlDbType.Bigint, NpgsqlDbType.Text, NpgsqlDbType.Text, NpgsqlDbType.Bigint),
            },
        };
        _sendableFiles = new NpgsqlBatch(_connection)
        {
            BatchCommands =
            {
                // Locked, so that a file is sent with one message whichever writer sends it.
                Command("""
                    SELECT "Id", "OwnerId" FROM "Files" WHERE "Id" = ANY($1) AND "Sha256" IS NOT NULL AND "MessageSeq" IS NULL
                    ORDER BY "Id" FOR UPDATE
                    """, NpgsqlDbType.Uuid),
            },
        };
        _attachFiles = new NpgsqlBatch(_connection)
        {
            BatchCommands =
            {
                Command("""
                    UPDATE "Files" AS f SET "ConversationId" = v.conversation, "MessageSeq" = v.seq, "Position" = v.position
                    FROM unnest($1, $2, $3, $4) AS v(file, conversation, seq, position) WHERE f."Id" = v.file
                    """, NpgsqlDbType.Uuid, NpgsqlDbType.Uuid, NpgsqlDbType.Bigint, NpgsqlDbType.Integer),
            },
        };
        _read.Prepare();
        _sendableFiles.Prepare();
        _attachFiles.Prepare();
        _write.Prepare();
        _readTargets.Prepare();
        _writeChanges.Prepare();
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
        _readTargets.Dispose();
        _writeChanges.Dispose();
        _sendableFiles.Dispose();
        _attachFiles.Dispose();
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
            var message = ReadRow(reader);
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
            rows.Select(r => (int)r.Kind).ToArray(),
            rows.Select(r => r.SenderId).ToArray(),
            rows.Select(r => r.ClientMessageId).ToArray(),
            rows.Select(r => r.Body).ToArray(),
            rows.Select(r => r.SentAt).ToArray(),
            rows.Select(r => r.TargetSeq).ToArray(),
            rows.Select(r => r.ReplyToSeq).ToArray(),
            rows.Select(r => r.Mentions).ToArray(),
            rows.Select(r => r.EditedAt).ToArray(),
            rows.Select(r => r.DeletedAt).ToArray(),
            rows.Select(r => r.ChangedSeq).ToArray());
        Bind(
            _write.BatchCommands[2],
            senders.Select(s => s.Conversation).ToArray(),
            senders.Select(s => s.Sender).ToArray(),
            senders.Select(s => s.Seq).ToArray());
        _write.ExecuteNonQuery();
    }

    protected override (Dictionary<(Guid Conversation, string User), MemberPlace> Members, List<Message> Messages, List<Reaction> Reactions) ReadTargets(
        IReadOnlyList<(Guid Conversation, string User)> members, IReadOnlyList<(Guid Conversation, long Seq)> messages, IReadOnlyList<(Guid Conversation, long Seq)> reacted)
    {
        Bind(_readTargets.BatchCommands[0], members.Select(m => m.Conversation).ToArray(), members.Select(m => m.User).ToArray());
        Bind(_readTargets.BatchCommands[1], messages.Select(m => m.Conversation).ToArray(), messages.Select(m => m.Seq).ToArray());
        Bind(_readTargets.BatchCommands[2], reacted.Select(m => m.Conversation).ToArray(), reacted.Select(m => m.Seq).ToArray());
        using var reader = _readTargets.ExecuteReader();

        var places = new Dictionary<(Guid, string), MemberPlace>();
        while (reader.Read())
        {
            places[(reader.GetGuid(0), reader.GetString(1))] = new MemberPlace(reader.GetInt64(2), (MemberRole)reader.GetInt32(3), (ConversationKind)reader.GetInt32(4));
        }

        reader.NextResult();
        var rows = new List<Message>();
        while (reader.Read())
        {
            rows.Add(ReadRow(reader));
        }

        reader.NextResult();
        var reactions = new List<Reaction>();
        while (reader.Read())
        {
            reactions.Add(new Reaction
            {
                ConversationId = reader.GetGuid(0),
                MessageSeq = reader.GetInt64(1),
                UserId = reader.GetString(2),
                Emoji = reader.GetString(3),
                AddedSeq = reader.GetInt64(4),
            });
        }

        return (places, rows, reactions);
    }

    protected override void WriteChanges(
        IReadOnlyList<Message> updated,
        IReadOnlyList<(Guid Conversation, long Seq)> deleted,
        IReadOnlyList<Reaction> removed,
        IReadOnlyList<Reaction> added)
    {
        Bind(
            _writeChanges.BatchCommands[0],
            updated.Select(m => m.ConversationId).ToArray(),
            updated.Select(m => m.Seq).ToArray(),
            updated.Select(m => m.Body).ToArray(),
            updated.Select(m => m.EditedAt).ToArray(),
            updated.Select(m => m.DeletedAt).ToArray(),
            updated.Select(m => m.Mentions).ToArray(),
            updated.Select(m => m.ChangedSeq).ToArray());
        Bind(_writeChanges.BatchCommands[1], deleted.Select(d => d.Conversation).ToArray(), deleted.Select(d => d.Seq).ToArray());
        foreach (var (command, reactions) in new[] { (_writeChanges.BatchCommands[2], removed), (_writeChanges.BatchCommands[3], added) })
        {
            Bind(
                command,
                reactions.Select(r => r.ConversationId).ToArray(),
                reactions.Select(r => r.MessageSeq).ToArray(),
                reactions.Select(r => r.UserId).ToArray(),
                reactions.Select(r => r.Emoji).ToArray(),
                reactions.Select(r => r.AddedSeq).ToArray());
        }

        _writeChanges.ExecuteNonQuery();
    }

    protected override Dictionary<Guid, string> ReadSendableFiles(IReadOnlyList<Guid> files)
    {
        Bind(_sendableFiles.BatchCommands[0], files.ToArray());
        using var reader = _sendableFiles.ExecuteReader();
        var owners = new Dictionary<Guid, string>();
        while (reader.Read())
        {
            owners[reader.GetGuid(0)] = reader.GetString(1);
        }

        return owners;
    }

    protected override void AttachFiles(IReadOnlyList<(Guid File, Guid Conversation, long Seq, int Position)> files)
    {
        Bind(
            _attachFiles.BatchCommands[0],
            files.Select(f => f.File).ToArray(),
            files.Select(f => f.Conversation).ToArray(),
            files.Select(f => f.Seq).ToArray(),
            files.Select(f => f.Position).ToArray());
        _attachFiles.ExecuteNonQuery();
    }

    /// <summary>The row a statement selecting <see cref="RowColumns"/> is on.</summary>
    private static Message ReadRow(NpgsqlDataReader reader) => new()
    {
        ConversationId = reader.GetGuid(0),
        Seq = reader.GetInt64(1),
        Kind = (MessageKind)reader.GetInt32(2),
        SenderId = reader.GetString(3),
        ClientMessageId = reader.GetGuid(4),
        Body = reader.GetString(5),
        SentAt = reader.GetFieldValue<DateTimeOffset>(6),
        TargetSeq = reader.IsDBNull(7) ? null : reader.GetInt64(7),
        ReplyToSeq = reader.IsDBNull(8) ? null : reader.GetInt64(8),
        Mentions = reader.IsDBNull(9) ? null : reader.GetString(9),
        EditedAt = reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
        DeletedAt = reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
        ChangedSeq = reader.GetInt64(12),
    };

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

    /// <summary>Binds the statement's parameters to the first of the values (a statement may take fewer than it is given).</summary>
    private static void Bind(NpgsqlBatchCommand command, params object[] values)
    {
        for (var i = 0; i < command.Parameters.Count; i++)
        {
            command.Parameters[i].Value = values[i];
        }
    }
}
