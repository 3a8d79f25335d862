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

    // highlight() reads the message's current text from Messages, whose rowid the table shares. FTS5 would run
    // the match again for each id of a list (for a prefix of a common word, 700 ms a page of 1,000,000 messages):
    // it reads the page's range of ids once, and the list (+rowid: not for FTS5) only picks from it.
    private const string MarkSql = $$"""
        SELECT rowid AS "Id", 0 AS "Choice", highlight("{{Table}}", 0, {0}, {1}) AS "Marked", "Body" AS "Text", "Body"
        FROM "{{Table}}" WHERE "{{Table}}" MATCH {2} AND rowid BETWEEN {3} AND {4} AND +rowid IN (SELECT value FROM json_each({5}))
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

    public override IQueryable<FullTextHit> Matching(ChatDbContext db, IReadOnlyList<SearchTerm> terms) =>
        db.Database.SqlQueryRaw<FullTextHit>(MatchingSql, Query(terms));

    public override Task<List<MarkedText>> MarkAsync(
        ChatDbContext db, IReadOnlyList<SearchTerm> terms, IReadOnlyList<long> messageIds, HighlightMarkers markers, CancellationToken cancellationToken) =>
        db.Database.SqlQueryRaw<MarkedText>(
                MarkSql, markers.Open, markers.Close, Query(terms), messageIds.Min(), messageIds.Max(), JsonSerializer.Serialize(messageIds))
            .ToListAsync(cancellationToken);

    /// <summary>The FTS5 query of the terms: <c>"word" "a phrase" "pre"*</c>.</summary>
    public static string Query(IReadOnlyList<SearchTerm> terms) =>
        string.Join(' ', terms.Select(t => $"\"{t.Text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"{(t.IsPrefix ? "*" : "")}"));
}
