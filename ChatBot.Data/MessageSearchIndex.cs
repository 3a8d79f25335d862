namespace ChatBot.Data;

/// <summary>
/// The full-text index of messages: the database's own, over the text of live messages only (<see cref="MessageKind.Text"/>
/// rows not deleted; never events or change rows), written in the very statement that writes the message, so a
/// search after an acknowledgement finds the message as it is then. On SQLite an FTS5 table kept by triggers on
/// <c>Messages</c>; on PostgreSQL a stored generated <c>tsvector</c> column with a GIN index. Both fold case and
/// accents and stem nothing, so words of any language are found as written. The migration <c>MessageSearch</c>
/// makes them; these are the names its queries use.
/// </summary>
public static class MessageSearchIndex
{
    /// <summary>SQLite: the FTS5 table; its rowid is the message's <see cref="Message.Id"/>, its one column the message's text.</summary>
    public const string SqliteTable = "MessageSearch";

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
