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
    private static readonly DateTimeOffsetToBinaryConverter Time = new();

    private readonly SqliteConnection _connection;
    private readonly sqlite3_stmt _lastSeq;
    private readonly sqlite3_stmt _find;
    private readonly sqlite3_stmt _setLastSeq;
    private readonly sqlite3_stmt _insert;
    private readonly sqlite3_stmt _markSender;

    private SqliteMessageStore(SqliteConnection connection)
    {
        _connection = connection;
        using (var pragma = _connection.CreateCommand())
        {
            // No checkpoints on this connection: they would stall sending; WalCheckpointer runs them aside. A
            // cache of 16 MiB keeps the pages every batch touches (each conversation's and each sender's last
            // index leaf), which SQLite's default 2 MiB let go and read again from the log.
            pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = 0; PRAGMA cache_size = -16384;";
            pragma.ExecuteNonQuery();
        }

        // Parameters are numbered in the order they are bound below.
        _lastSeq = Prepare("""
            SELECT "LastSeq", "MembershipSeq" FROM "Conversations" WHERE "Id" = ?1
            """);
        _find = Prepare("""
            SELECT "ConversationId", "Seq", "Body", "SentAt", "Kind" FROM "Messages"
            WHERE "SenderId" = ?1 AND "ClientMessageId" = ?2
            """);
        _setLastSeq = Prepare("""
            UPDATE "Conversations" SET "LastSeq" = ?1 WHERE "Id" = ?2
            """);
        _insert = Prepare("""
            INSERT INTO "Messages" ("ConversationId", "Seq", "SenderId", "ClientMessageId", "Body", "SentAt")
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            """);
        _markSender = Prepare("""
            UPDATE "ConversationMembers" SET "LastReadSeq" = ?1
            WHERE "ConversationId" = ?2 AND "UserId" = ?3 AND "LastReadSeq" < ?1
            """);
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
                stored[(sender, client)] = new Message
                {
                    ConversationId = Guid.Parse(raw.sqlite3_column_text(_find, 0).utf8_to_string()),
                    Seq = raw.sqlite3_column_int64(_find, 1),
                    SenderId = sender,
                    ClientMessageId = client,
                    Body = raw.sqlite3_column_text(_find, 2).utf8_to_string(),
                    SentAt = (DateTimeOffset)Time.ConvertFromProvider(raw.sqlite3_column_int64(_find, 3))!,
                    Kind = (MessageKind)raw.sqlite3_column_int(_find, 4),
                };
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
            Bind(_insert, 3, row.SenderId);
            Bind(_insert, 4, row.ClientMessageId);
            Bind(_insert, 5, row.Body);
            Bind(_insert, 6, (long)Time.ConvertToProvider(row.SentAt)!);
            Execute(_insert);
        }

        foreach (var (conversation, sender, seq) in senders)
        {
            Bind(_markSender, 1, seq);
            Bind(_markSender, 2, conversation);
            Bind(_markSender, 3, sender);
            Execute(_markSender);
        }
    }

    private IEnumerable<sqlite3_stmt> Statements => [_lastSeq, _find, _setLastSeq, _insert, _markSender];

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

    /// <summary>A GUID as EF Core stores it in SQLite: upper-case text.</summary>
    private void Bind(sqlite3_stmt statement, int index, Guid value)
    {
        Span<byte> text = stackalloc byte[36];
        value.TryFormat(text, out _, "D");
        Ascii.ToUpperInPlace(text, out _);
        Check(raw.sqlite3_bind_text(statement, index, text));
    }

    private void Bind(sqlite3_stmt statement, int index, string value)
    {
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
