using System.Runtime.CompilerServices;
using ChatBot.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.ApiService.Search;

/// <summary>
/// PostgreSQL's generated <c>tsvector</c> column. The <c>tsquery</c> is built in SQL from parameters: each word
/// or phrase through <c>phraseto_tsquery</c> (which reads no operators), all joined with <c>&amp;&amp;</c>; a prefix
/// term, letters and digits alone (<see cref="SearchQueryParser"/>), quoted and starred for <c>to_tsquery</c>.
/// Text is folded as the column folds it (<see cref="MessageSearchIndex.PostgreSqlFold"/>).
/// </summary>
internal sealed class PostgreSqlFullTextIndex : FullTextIndex
{
    private const string Configuration = MessageSearchIndex.PostgreSqlConfiguration;
    private const string Fold = MessageSearchIndex.PostgreSqlFold;

    public override Task<IQueryable<FullTextHit>> MatchingAsync(ChatDbContext db, IReadOnlyList<SearchTerm> terms, CancellationToken cancellationToken)
    {
        var (query, arguments) = TsQuery(terms, first: 0);
        return Task.FromResult(db.Database.SqlQuery<FullTextHit>(FormattableStringFactory.Create(
            $"""SELECT "Id" FROM "Messages" WHERE "{MessageSearchIndex.PostgreSqlColumn}" @@ ({query})""", arguments)));
    }

    /// <remarks>
    /// Marked twice: in the folded text, where every match is found (in a database of the C locale, PostgreSQL's
    /// own lower-casing leaves "МИР" unmatched by "мир"), and in the message's own text, for the rare text whose
    /// folding changes its length, so that marks in the folded text would fall in the wrong places.
    /// </remarks>
    public override Task<List<MarkedText>> MarkAsync(
        ChatDbContext db, IReadOnlyList<SearchTerm> terms, IReadOnlyList<long> messageIds, HighlightMarkers markers, CancellationToken cancellationToken)
    {
        var (query, arguments) = TsQuery(terms, first: 2);
        var sql = $$"""
            SELECT m."Id", t.choice AS "Choice", ts_headline('{{Configuration}}', t.text, q.query, {0}) AS "Marked", t.text AS "Text", m."Body"
            FROM "Messages" AS m
            CROSS JOIN (SELECT {{query}} AS query) AS q
            CROSS JOIN LATERAL (VALUES (0, {{Fold}}(m."Body")), (1, m."Body")) AS t(choice, text)
            WHERE m."Id" = ANY({1})
            """;
        var options = $"StartSel={markers.Open}, StopSel={markers.Close}, HighlightAll=true";
        return db.Database.SqlQuery<MarkedText>(FormattableStringFactory.Create(sql, [options, messageIds.ToArray(), .. arguments]))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The SQL of the terms' tsquery, its parameters numbered from <paramref name="first"/>, and their values.</summary>
    private static (string Sql, object[] Arguments) TsQuery(IReadOnlyList<SearchTerm> terms, int first)
    {
        var sql = terms.Select((t, i) => t.IsPrefix
            ? $"to_tsquery('{Configuration}', {Fold}({{{first + i}}}))"
            : $"phraseto_tsquery('{Configuration}', {Fold}({{{first + i}}}))");
        var arguments = terms.Select(t => (object)(t.IsPrefix ? $"'{t.Text}':*" : t.Text));
        return (string.Join(" && ", sql), [.. arguments]);
    }
}
