namespace ChatBot.Data;

/// <summary>
/// The full-text index of messages: the database's own, over the text of live messages only (<see cref="MessageKind.Text"/>
/// rows not deleted; never events or change rows), so that a search after an acknowledgement finds the message as it
/// is then. On PostgreSQL a stored generated <c>tsvector</c> column with a GIN index, written in the very statement
/// that writes the message. On SQLite an FTS5 table that new messages enter in batches (<see cref="SqliteCatchUp"/>)
/// and that triggers on <c>Messages</c> keep true to every edit and deletion of a message it holds. Both fold case
/// and accents and stem nothing, so words of any language are found as written. The migrations <c>MessageSearch</c>
/// and <c>MessageSearchInBatches</c> make them; these are the names their queries use.
/// </summary>
public static class MessageSearchIndex
{
    /// <summary>SQLite: the FTS5 table; its rowid is the message's <see cref="Message.Id"/>, its one column the message's text.</summary>
    public const string SqliteTable = "MessageSearch";

    /// <summary>
    /// SQLite: the one-row table that says up to which message id <see cref="SqliteTable"/> has taken in <c>Messages</c>
    /// (<see cref="SqliteCatchUp"/>). Triggers change the index only for messages up to there; a message after it is read
    /// as it is when the index catches up, edited or deleted meanwhile or not.
    /// </summary>
    public const string SqliteProgressTable = "MessageSearchProgress";

    /// <summary>
    /// SQLite: how many messages the index may lag before the message writer brings it up to date in the batch's own
    /// transaction. FTS5 writes a segment of its index for each transaction that changes it: about 65 µs a message
    /// when each commit carries one or two, under 30 when it carries twenty or more. A search catches up first, so
    /// it never sees the lag.
    /// </summary>
    public const int SqliteCatchUpEvery = 128;

    /// <summary>
    /// SQLite: the statements, to run in one write transaction, that bring the index up to date: every live text
    /// message after <see cref="SqliteProgressTable"/>'s id, as it is now, goes in, and the id moves on to the last message.
    /// </summary>
    public static readonly IReadOnlyList<string> SqliteCatchUp =
    [
        $"""
        INSERT INTO "{SqliteTable}" (rowid, "Body")
        SELECT "Id", "Body" FROM "Messages"
        WHERE "Id" > (SELECT "IndexedThrough" FROM "{SqliteProgressTable}") AND "Kind" = {(int)MessageKind.Text} AND "DeletedAt" IS NULL
        """,
        $"""
        UPDATE "{SqliteProgressTable}" SET "IndexedThrough" = max(coalesce((SELECT max("Id") FROM "Messages"), 0), "IndexedThrough")
        """,
    ];

    /// <summary>SQLite: how the table splits and folds text: Unicode words, case and accents folded ("Ünïcode" is "unicode").</summary>
    public const string SqliteTokenizer = "unicode61 remove_diacritics 2";

    /// <summary>PostgreSQL: the text search configuration: <c>simple</c> (no stemming, no stop words), accents folded by <c>unaccent</c> where the server has it.</summary>
    public const string PostgreSqlConfiguration = "chat_search";

    /// <summary>
    /// PostgreSQL: the function that lower-cases text before the configuration reads it, with ICU where the server has
    /// it: in a database of the C locale (as the AppHost makes one) <c>simple</c> lower-cases ASCII letters alone.
    /// </summary>
    public const string PostgreSqlFold = "chat_search_fold";

    /// <summary>PostgreSQL: the generated column of <c>Messages</c> that holds a live message's words; null for any other row.</summary>
    public const string PostgreSqlColumn = "SearchVector";
}
