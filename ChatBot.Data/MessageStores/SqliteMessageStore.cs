using System.Buffers;
using System.Data.Common;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SQLitePCL;

namespace ChatBot.Data.MessageStores;

/// <summary>
/// Message batches in SQLite, through SQLite's own prepared statements on a connection of their own: no
/// ORM's and no ADO.NET command's per-statement cost (a data reader, a parameter binder and a GUID string per
/// value, for every statement of every message). It writes the tables as the EF Core model maps them: GUIDs
/// as upper-case text, times as their binary long. BEGIN IMMEDIATE takes the database's one write lock for
/// the whole batch.
/// </summary>
internal sealed class SqliteMessageStore : MessageStore
{
    private static readonly DateTimeOffsetToBinaryConverter Times = new();

    /// <summary>A row's columns, in the order <see cref="ReadRow"/> reads them and <c>_insert</c> binds them.</summary>
    private const string RowColumns = """
        "ConversationId", "Seq", "Kind", "SenderId", "ClientMessageId", "Body", "SentAt",
        "TargetSeq", "ReplyToSeq", "Mentions", "EditedAt", "DeletedAt", "ChangedSeq"
        """;

    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _lastSeq;
    private readonly sqlite3_stmt _find;
    private readonly sqlite3_stmt _setLastSeq;
    private readonly sqlite3_stmt _insert;
    private readonly sqlite3_stmt _markSender;
    private readonly sqlite3_stmt _member;
    private readonly sqlite3_stmt _message;
    private readonly sqlite3_stmt _reactions;
    private readonly sqlite3_stmt _update;
    private readonly sqlite3_stmt _eraseEdits;
    private readonly sqlite3_stmt _removeReaction;
    private readonly sqlite3_stmt _addReaction;
    private readonly sqlite3_stmt _sendableFile;
    private readonly sqlite3_stmt _attachFile;
    private readonly sqlite3_stmt _indexedThrough;
    private readonly sqlite3_stmt[] _catchUp;

    private SqliteMessageStore(SqliteConnection connection)
    {
        _connection = connection;
        using (var pragma = _connection.CreateCommand())
        {
            // No checkpoints on this connection: they would stall sending; WalCheckpointer runs them aside. A
            // cache of 16 MiB keeps the pages every batch touches (each conversation's and each sender's last
            // index leaf), which SQLite's default 2 MiB let go and read again from the log. The write lock, when a
            // checkpoint or another process holds it, is waited for in SQLite, a millisecond at first, rather
            // than by Microsoft.Data.Sqlite's retries 150 ms apart, for as long as the connection's timeout.
            pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = 0; PRAGMA cache_size = -16384; " +
                $"PRAGMA busy_timeout = {connection.DefaultTimeout * 1000};";
            pragma.ExecuteNonQuery();
        }

        // Parameters are numbered in the order they are bound below.
        _lastSeq = Prepare("""
            SELECT "LastSeq", "MembershipSeq" FROM "Conversations" WHERE "Id" = ?1
            """);
        _find = Prepare($"""
            SELECT {RowColumns} FROM "Messages" WHERE "SenderId" = ?1 AND "ClientMessageId" = ?2
            """);
        _setLastSeq = Prepare("""
            UPDATE "Conversations" SET "LastSeq" = ?1 WHERE "Id" = ?2
            """);
        _insert = Prepare($"""
            INSERT INTO "Messages" ({RowColumns}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
            """);
        _markSender = Prepare("""
            UPDATE "ConversationMembers" SET "LastReadSeq" = ?1
            WHERE "ConversationId" = ?2 AND "UserId" = ?3 AND "LastReadSeq" < ?1
            """);
        _member = Prepare("""
            SELECT m."JoinedSeq", m."Role", c."Kind" FROM "ConversationMembers" AS m
            JOIN "Conversations" AS c ON c."Id" = m."ConversationId"
            WHERE m."ConversationId" = ?1 AND m."UserId" = ?2
            """);
        _message = Prepare($"""
            SELECT {RowColumns} FROM "Messages" WHERE "ConversationId" = ?1 AND "Seq" = ?2
            """);
        _reactions = Prepare("""
            SELECT "UserId", "Emoji", "AddedSeq" FROM "Reactions" WHERE "ConversationId" = ?1 AND "MessageSeq" = ?2
            """);
        _update = Prepare("""
            UPDATE "Messages" SET "Body" = ?1, "EditedAt" = ?2, "DeletedAt" = ?3, "Mentions" = ?4, "ChangedSeq" = ?5
            WHERE "ConversationId" = ?6 AND "Seq" = ?7
            """);
        _eraseEdits = Prepare($"""
            UPDATE "Messages" SET "Body" = '' WHERE "ConversationId" = ?1 AND "TargetSeq" = ?2 AND "Kind" = {(int)MessageKind.MessageEdited}
            """);
        _removeReaction = Prepare("""
            DELETE FROM "Reactions" WHERE "ConversationId" = ?1 AND "MessageSeq" = ?2 AND "UserId" = ?3 AND "Emoji" = ?4
            """);
        _addReaction = Prepare("""
            INSERT INTO "Reactions" ("ConversationId", "MessageSeq", "UserId", "Emoji", "AddedSeq") VALUES (?1, ?2, ?3, ?4, ?5)
            """);
        _sendableFile = Prepare("""
            SELECT "OwnerId" FROM "Files" WHERE "Id" = ?1 AND "Sha256" IS NOT NULL AND "MessageSeq" IS NULL
            """);
        _attachFile = Prepare("""
            UPDATE "Files" SET "ConversationId" = ?1, "MessageSeq" = ?2, "Position" = ?3 WHERE "Id" = ?4
            """);
        _indexedThrough = Prepare($"""
            SELECT "IndexedThrough" FROM "{MessageSearchIndex.SqliteProgressTable}"
            """);
        _catchUp = [.. MessageSearchIndex.SqliteCatchUp.Select(Prepare)];
    }

    public static SqliteMessageStore Connect(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            return new SqliteMessageStore(connection);
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
        foreach (var statement in Statements)
        {
            statement.Dispose();
        }

        _connection.Dispose();
    }

    protected override DbTransaction Begin() => _connection.BeginTransaction();

    protected override (Dictionary<Guid, (long LastSeq, long MembershipSeq)> Counters, Dictionary<(string Sender, Guid Client), Message> Stored) Read(
        IReadOnlyList<Guid> conversations, IReadOnlyList<(string Sender, Guid Client)> keys)
    {
        var counters = new Dictionary<Guid, (long, long)>();
        foreach (var conversation in conversations)
        {
            Bind(_lastSeq, 1, conversation);
            if (Step(_lastSeq))
            {
                counters[conversation] = (raw.sqlite3_column_int64(_lastSeq, 0), raw.sqlite3_column_int64(_lastSeq, 1));
            }

            Reset(_lastSeq);
        }

        var stored = new Dictionary<(string, Guid), Message>();
        foreach (var (sender, client) in keys)
        {
            Bind(_find, 1, sender);
            Bind(_find, 2, client);
            if (Step(_find))
            {
                stored[(sender, client)] = ReadRow(_find);
            }

            Reset(_find);
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
            Bind(_setLastSeq, 1, last);
            Bind(_setLastSeq, 2, conversation);
            Execute(_setLastSeq);
        }

        foreach (var row in rows)
        {
            Bind(_insert, 1, row.ConversationId);
            Bind(_insert, 2, row.Seq);
            Bind(_insert, 3, (long)row.Kind);
            Bind(_insert, 4, row.SenderId);
            Bind(_insert, 5, row.ClientMessageId);
            Bind(_insert, 6, row.Body);
            Bind(_insert, 7, row.SentAt);
            Bind(_insert, 8, row.TargetSeq);
            Bind(_insert, 9, row.ReplyToSeq);
            Bind(_insert, 10, row.Mentions);
            Bind(_insert, 11, row.EditedAt);
            Bind(_insert, 12, row.DeletedAt);
            Bind(_insert, 13, row.ChangedSeq);
            Execute(_insert);
        }

        if (rows.Count > 0)
        {
            CatchUpSearchIndex();
        }

        foreach (var (conversation, sender, seq) in senders)
        {
            Bind(_markSender, 1, seq);
            Bind(_markSender, 2, conversation);
            Bind(_markSender, 3, sender);
            Execute(_markSender);
        }
    }

    /// <summary>
    /// Brings the search index up to date once it lags by <see cref="MessageSearchIndex.SqliteCatchUpEvery"/> messages
    /// (this batch's last message, just inserted, against the index's progress).
    /// </summary>
    private void CatchUpSearchIndex()
    {
        Step(_indexedThrough);
        var indexedThrough = raw.sqlite3_column_int64(_indexedThrough, 0);
        Reset(_indexedThrough);
        if (raw.sqlite3_last_insert_rowid(_connection.Handle) - indexedThrough < MessageSearchIndex.SqliteCatchUpEvery)
        {
            return;
        }

        foreach (var statement in _catchUp)
        {
            Execute(statement);
        }
    }

    protected override (Dictionary<(Guid Conversation, string User), MemberPlace> Members, List<Message> Messages, List<Reaction> Reactions) ReadTargets(
        IReadOnlyList<(Guid Conversation, string User)> members, IReadOnlyList<(Guid Conversation, long Seq)> messages, IReadOnlyList<(Guid Conversation, long Seq)> reacted) =>
        (ReadMembers(members), ReadMessages(messages), ReadReactions(reacted));

    private Dictionary<(Guid Conversation, string User), MemberPlace> ReadMembers(IReadOnlyList<(Guid Conversation, string User)> members)
    {
        var places = new Dictionary<(Guid, string), MemberPlace>();
        foreach (var (conversation, user) in members)
        {
            Bind(_member, 1, conversation);
            Bind(_member, 2, user);
            if (Step(_member))
            {
                places[(conversation, user)] = new MemberPlace(
                    raw.sqlite3_column_int64(_member, 0), (MemberRole)raw.sqlite3_column_int(_member, 1), (ConversationKind)raw.sqlite3_column_int(_member, 2));
            }

            Reset(_member);
        }

        return places;
    }

    private List<Message> ReadMessages(IReadOnlyList<(Guid Conversation, long Seq)> messages)
    {
        var rows = new List<Message>();
        foreach (var (conversation, seq) in messages)
        {
            Bind(_message, 1, conversation);
            Bind(_message, 2, seq);
            if (Step(_message))
            {
                rows.Add(ReadRow(_message));
            }

            Reset(_message);
        }

        return rows;
    }

    private List<Reaction> ReadReactions(IReadOnlyList<(Guid Conversation, long Seq)> messages)
    {
        var reactions = new List<Reaction>();
        foreach (var (conversation, seq) in messages)
        {
            Bind(_reactions, 1, conversation);
            Bind(_reactions, 2, seq);
            while (Step(_reactions))
            {
                reactions.Add(new Reaction
                {
                    ConversationId = conversation,
                    MessageSeq = seq,
                    UserId = Text(_reactions, 0)!,
                    Emoji = Text(_reactions, 1)!,
                    AddedSeq = raw.sqlite3_column_int64(_reactions, 2),
                });
            }

            Reset(_reactions);
        }

        return reactions;
    }

    protected override void WriteChanges(
        IReadOnlyList<Message> updated,
        IReadOnlyList<(Guid Conversation, long Seq)> deleted,
        IReadOnlyList<Reaction> removed,
        IReadOnlyList<Reaction> added)
    {
        foreach (var message in updated)
        {
            Bind(_update, 1, message.Body);
            Bind(_update, 2, message.EditedAt);
            Bind(_update, 3, message.DeletedAt);
            Bind(_update, 4, message.Mentions);
            Bind(_update, 5, message.ChangedSeq);
            Bind(_update, 6, message.ConversationId);
            Bind(_update, 7, message.Seq);
            Execute(_update);
        }

        foreach (var (conversation, seq) in deleted)
        {
            Bind(_eraseEdits, 1, conversation);
            Bind(_eraseEdits, 2, seq);
            Execute(_eraseEdits);
        }

        foreach (var reaction in removed)
        {
            Bind(_removeReaction, 1, reaction.ConversationId);
            Bind(_removeReaction, 2, reaction.MessageSeq);
            Bind(_removeReaction, 3, reaction.UserId);
            Bind(_removeReaction, 4, reaction.Emoji);
            Execute(_removeReaction);
        }

        foreach (var reaction in added)
        {
            Bind(_addReaction, 1, reaction.ConversationId);
            Bind(_addReaction, 2, reaction.MessageSeq);
            Bind(_addReaction, 3, reaction.UserId);
            Bind(_addReaction, 4, reaction.Emoji);
            Bind(_addReaction, 5, reaction.AddedSeq);
            Execute(_addReaction);
        }
    }

    protected override Dictionary<Guid, string> ReadSendableFiles(IReadOnlyList<Guid> files)
    {
        var owners = new Dictionary<Guid, string>();
        foreach (var file in files)
        {
            Bind(_sendableFile, 1, file);
            if (Step(_sendableFile))
            {
                owners[file] = Text(_sendableFile, 0)!;
            }

            Reset(_sendableFile);
        }

        return owners;
    }

    protected override void AttachFiles(IReadOnlyList<(Guid File, Guid Conversation, long Seq, int Position)> files)
    {
        foreach (var (file, conversation, seq, position) in files)
        {
            Bind(_attachFile, 1, conversation);
            Bind(_attachFile, 2, seq);
            Bind(_attachFile, 3, (long)position);
            Bind(_attachFile, 4, file);
            Execute(_attachFile);
        }
    }

    private IEnumerable<sqlite3_stmt> Statements =>
        [_lastSeq, _find, _setLastSeq, _insert, _markSender, _member, _message, _reactions, _update, _eraseEdits, _removeReaction, _addReaction,
            _sendableFile, _attachFile, _indexedThrough, .. _catchUp];

    /// <summary>The row a statement selecting <see cref="RowColumns"/> is on.</summary>
    private static Message ReadRow(sqlite3_stmt statement) => new()
    {
        ConversationId = Guid.Parse(Text(statement, 0)!),
        Seq = raw.sqlite3_column_int64(statement, 1),
        Kind = (MessageKind)raw.sqlite3_column_int(statement, 2),
        SenderId = Text(statement, 3)!,
        ClientMessageId = Guid.Parse(Text(statement, 4)!),
        Body = Text(statement, 5)!,
        SentAt = Time(statement, 6)!.Value,
        TargetSeq = Int64(statement, 7),
        ReplyToSeq = Int64(statement, 8),
        Mentions = Text(statement, 9),
        EditedAt = Time(statement, 10),
        DeletedAt = Time(statement, 11),
        ChangedSeq = raw.sqlite3_column_int64(statement, 12),
    };

    private static bool IsNull(sqlite3_stmt statement, int column) => raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL;

    private static string? Text(sqlite3_stmt statement, int column) =>
        IsNull(statement, column) ? null : raw.sqlite3_column_text(statement, column).utf8_to_string();

    private static long? Int64(sqlite3_stmt statement, int column) =>
        IsNull(statement, column) ? null : raw.sqlite3_column_int64(statement, column);

    private static DateTimeOffset? Time(sqlite3_stmt statement, int column) =>
        IsNull(statement, column) ? null : (DateTimeOffset)Times.ConvertFromProvider(raw.sqlite3_column_int64(statement, column))!;

    private sqlite3_stmt Prepare(string sql)
    {
        Check(raw.sqlite3_prepare_v2(_connection.Handle, sql, out var statement));
        return statement;
    }

    /// <returns>Whether the statement has a row.</returns>
    private bool Step(sqlite3_stmt statement)
    {
        var result = raw.sqlite3_step(statement);
        if (result is raw.SQLITE_ROW or raw.SQLITE_DONE)
        {
            return result == raw.SQLITE_ROW;
        }

        // The error is the reset's to report, and it leaves the statement ready for the next batch.
        Check(raw.sqlite3_reset(statement));
        Check(result);
        return false;
    }

    private void Execute(sqlite3_stmt statement)
    {
        Step(statement);
        Reset(statement);
    }

    private void Reset(sqlite3_stmt statement) => Check(raw.sqlite3_reset(statement));

    private void Bind(sqlite3_stmt statement, int index, long value) => Check(raw.sqlite3_bind_int64(statement, index, value));

    private void Bind(sqlite3_stmt statement, int index, long? value)
    {
        if (value is { } number)
        {
            Bind(statement, index, number);
            return;
        }

        Check(raw.sqlite3_bind_null(statement, index));
    }

    /// <summary>A time as EF Core stores it in SQLite: its binary long.</summary>
    private void Bind(sqlite3_stmt statement, int index, DateTimeOffset? value) =>
        Bind(statement, index, value is { } time ? (long)Times.ConvertToProvider(time)! : null);

    /// <summary>A GUID as EF Core stores it in SQLite: upper-case text.</summary>
    private void Bind(sqlite3_stmt statement, int index, Guid value)
    {
        Span<byte> text = stackalloc byte[36];
        value.TryFormat(text, out _, "D");
        Ascii.ToUpperInPlace(text, out _);
        Check(raw.sqlite3_bind_text(statement, index, text));
    }

    private void Bind(sqlite3_stmt statement, int index, string? value)
    {
        if (value is null)
        {
            Check(raw.sqlite3_bind_null(statement, index));
            return;
        }

        if (value.Length == 0)
        {
            Check(raw.sqlite3_bind_text(statement, index, value)); // an empty span would bind NULL
            return;
        }

        var utf8 = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(value.Length));
        try
        {
            // SQLite copies the text (SQLITE_TRANSIENT): the buffer goes back to the pool at once.
            Check(raw.sqlite3_bind_text(statement, index, utf8.AsSpan(0, Encoding.UTF8.GetBytes(value, utf8))));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(utf8);
        }
    }

    private void Check(int result) => SqliteException.ThrowExceptionForRC(result, _connection.Handle);
}
