using System.Text.Json;
using ChatBot.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.ApiService.Search;

/// <summary>
/// SQLite's FTS5 table. Every term is a quoted FTS5 string (a quote inside doubled), so no operator, column filter or
/// bracket a person types is read as one; all must match; a prefix term is the words it starts,
/// any of them (<see cref="WordsStartedByAsync"/>), or the string then <c>*</c>.
/// </summary>
internal sealed class SqliteFullTextIndex : FullTextIndex
{
    private const string Table = MessageSearchIndex.SqliteTable;

    private const string MatchingSql = $$"""
        SELECT rowid AS "Id" FROM "{{Table}}" WHERE "{{Table}}" MATCH {0}
        """;

    // highlight() marks what a match found, so the page's messages alone are matched again, copied into a table of
    // the connection's own (temp: no write lock, nothing in the database's file). On the whole index FTS5 would
    // merge every word a prefix starts once more: 35 ms for a prefix of a common word in 1,000,000 messages, 0.4 here.
    private const string PageTable = "MessageSearchPage";

    private const string CreatePageSql = $"""
        CREATE VIRTUAL TABLE IF NOT EXISTS temp."{PageTable}" USING fts5("Body", tokenize='{MessageSearchIndex.SqliteTokenizer}')
        """;

    private const string FillPageSql = $$"""
        INSERT INTO temp."{{PageTable}}" (rowid, "Body") SELECT "Id", "Body" FROM "Messages" WHERE "Id" IN (SELECT value FROM json_each({0}))
        """;

    private const string MarkSql = $$"""
        SELECT rowid AS "Id", 0 AS "Choice", highlight("{{PageTable}}", 0, {0}, {1}) AS "Marked", "Body" AS "Text", "Body"
        FROM temp."{{PageTable}}" WHERE "{{PageTable}}" MATCH {2}
        """;

    private const string EmptyPageSql = $"""DELETE FROM temp."{PageTable}" """;

    // FTS5 reads a prefix by merging the lists of every word it starts before it can give the newest match: 27 ms in
    // 1,000,000 messages for a prefix that is itself a word in two messages of three, most of it that word's own list.
    // The words a prefix starts are read from the index's vocabulary instead, from just past the prefix itself (a
    // lower bound of ">" would still read its list), and matched as alternatives, which FTS5 walks newest first
    // without merging them: 1.2 ms. Beyond about 50 words the alternatives cost what the merge does (49: 7.3 ms against 7.0).
    private const int MostWordsOfAPrefix = 50;

    private const string WordsTable = "MessageSearchWords";

    private const string CreateWordsSql = $"""
        CREATE VIRTUAL TABLE IF NOT EXISTS temp."{WordsTable}" USING fts5vocab(main, '{Table}', 'row')
        """;

    private const string WordsStartedBySql = $$"""
        SELECT term AS "Value" FROM temp."{{WordsTable}}" WHERE term >= {0} AND term < {1} LIMIT {2}
        """;

    // The prefix as the index has it (case and accents folded), read from the page table's own vocabulary.
    private const string PageWordsTable = "MessageSearchPageWords";

    private const string CreatePageWordsSql = $"""
        CREATE VIRTUAL TABLE IF NOT EXISTS temp."{PageWordsTable}" USING fts5vocab(temp, '{PageTable}', 'row')
        """;

    private const string FillPageWithSql = $$"""
        INSERT INTO temp."{{PageTable}}" (rowid, "Body") VALUES (0, {0})
        """;

    private const string PageWordsSql = $"""
        SELECT term AS "Value" FROM temp."{PageWordsTable}"
        """;

    private const string IsBehindSql = $$"""
        SELECT coalesce((SELECT max("Id") FROM "Messages"), 0) > (SELECT "IndexedThrough" FROM "{{MessageSearchIndex.SqliteProgressTable}}") AS "Value"
        """;

    /// <remarks>In a write transaction of its own, as the message writer's batches run it: whichever comes second finds nothing to do.</remarks>
    public override async Task CatchUpAsync(ChatDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.Database.SqlQueryRaw<bool>(IsBehindSql).SingleAsync(cancellationToken))
        {
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var statement in MessageSearchIndex.SqliteCatchUp)
        {
            await db.Database.ExecuteSqlRawAsync(statement, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public override async Task<IQueryable<FullTextHit>> MatchingAsync(ChatDbContext db, IReadOnlyList<SearchTerm> terms, CancellationToken cancellationToken)
    {
        var started = terms[^1].IsPrefix ? await WordsStartedByAsync(db, terms[^1].Text, cancellationToken) : null;
        return db.Database.SqlQueryRaw<FullTextHit>(MatchingSql, Query(terms, started));
    }

    public override async Task<List<MarkedText>> MarkAsync(
        ChatDbContext db, IReadOnlyList<SearchTerm> terms, IReadOnlyList<long> messageIds, HighlightMarkers markers, CancellationToken cancellationToken)
    {
        // One connection for every statement: the table is its own, and is left empty for its next use.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlRawAsync(CreatePageSql, cancellationToken);
            try
            {
                await db.Database.ExecuteSqlRawAsync(EmptyPageSql, cancellationToken); // were it left full by a failure
                await db.Database.ExecuteSqlRawAsync(FillPageSql, [JsonSerializer.Serialize(messageIds)], cancellationToken);
                return await db.Database.SqlQueryRaw<MarkedText>(MarkSql, markers.Open, markers.Close, Query(terms)).ToListAsync(cancellationToken);
            }
            finally
            {
                await db.Database.ExecuteSqlRawAsync(EmptyPageSql, CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The prefix as the index folds it, and every longer word in the index that it starts; null where the prefix is not
    /// one word to the index or starts <see cref="MostWordsOfAPrefix"/> longer words or more.
    /// </summary>
    private static async Task<List<string>?> WordsStartedByAsync(ChatDbContext db, string prefix, CancellationToken cancellationToken)
    {
        // One connection for every statement: the tables are its own, and the page is left empty for its next use.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlRawAsync(CreatePageSql, cancellationToken);
            await db.Database.ExecuteSqlRawAsync(CreatePageWordsSql, cancellationToken);
            await db.Database.ExecuteSqlRawAsync(CreateWordsSql, cancellationToken);
            List<string> folded;
            try
            {
                await db.Database.ExecuteSqlRawAsync(EmptyPageSql, cancellationToken);
                await db.Database.ExecuteSqlRawAsync(FillPageWithSql, [prefix], cancellationToken);
                folded = await db.Database.SqlQueryRaw<string>(PageWordsSql).ToListAsync(cancellationToken);
            }
            finally
            {
                await db.Database.ExecuteSqlRawAsync(EmptyPageSql, CancellationToken.None);
            }

            if (folded is not [var word])
            {
                return null;
            }

            // Past the word itself (no word holds U+0001) up to any word it starts (none holds a character after U+10FFFF).
            var longer = await db.Database.SqlQueryRaw<string>(WordsStartedBySql, word + "\u0001", word + "\U0010FFFF", MostWordsOfAPrefix)
                .ToListAsync(cancellationToken);
            return longer.Count < MostWordsOfAPrefix ? [word, .. longer] : null;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>
    /// The FTS5 query of the terms: <c>"word" AND "a phrase" AND "pre"*</c>, or, with the words the last term starts,
    /// <c>"word" AND "a phrase" AND ("pre" OR "prefix" OR "press")</c>.
    /// </summary>
    public static string Query(IReadOnlyList<SearchTerm> terms, IReadOnlyList<string>? startedByLast = null) =>
        string.Join(" AND ", terms.Select(t => !t.IsPrefix ? Quoted(t.Text)
            : startedByLast is null ? $"{Quoted(t.Text)}*"
            : $"({string.Join(" OR ", startedByLast.Select(Quoted))})"));

    private static string Quoted(string text) => $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
