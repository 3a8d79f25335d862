using System.Text.Json;
using ChatBot.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.ApiService.Search;

/// <summary>
/// SQLite's FTS5 table. Every term is a quoted FTS5 string (a quote inside doubled), so no operator, column filter or
/// bracket a person types is read as one; juxtaposed strings must all match; a prefix term is the string then <c>*</c>.
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

    public override IQueryable<FullTextHit> Matching(ChatDbContext db, IReadOnlyList<SearchTerm> terms) =>
        db.Database.SqlQueryRaw<FullTextHit>(MatchingSql, Query(terms));

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

    /// <summary>The FTS5 query of the terms: <c>"word" "a phrase" "pre"*</c>.</summary>
    public static string Query(IReadOnlyList<SearchTerm> terms) =>
        string.Join(' ', terms.Select(t => $"\"{t.Text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"{(t.IsPrefix ? "*" : "")}"));
}
