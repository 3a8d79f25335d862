using System.Runtime.CompilerServices;
using ChatBot.ApiService.Messages;
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

    public override Task<IQueryable<FullTextHit>> MatchingAsync(ChatDbContext db, IReadOnlyList<SearchTerm> terms, CancellationToken cancellationToken) =>
        Task.FromResult(Matching(db, terms).Select(m => new FullTextHit { Id = m.Id }));

    /// <remarks>
    /// The matched rows themselves, narrowed to what the person may see, rather than the matches' ids joined to
    /// those rows: the planner then walks the messages newest first once, testing the terms, kind and deletion of
    /// each, where the join walked them twice. A phrase, which the planner takes for as common as its words
    /// together (ten times too common), walks the most rows: for the rarest pairs of S5's common words, about
    /// 96,000 rows in 33 ms on an idle core, against 42 ms before; through the API, p99 50–70 ms against 106–130.
    /// </remarks>
    public override Task<IQueryable<FullTextMatch>> VisibleMatchesAsync(
        ChatDbContext db, string userId, IReadOnlyList<SearchTerm> terms, CancellationToken cancellationToken) =>
        Task.FromResult(
            from r in db.VisibleTo(userId, Matching(db, terms))
            select new FullTextMatch { Id = r.Message.Id, Message = r.Message });

    /// <summary>The messages, anyone's, whose live text has every term.</summary>
    private static IQueryable<Message> Matching(ChatDbContext db, IReadOnlyList<SearchTerm> terms)
    {
        var (query, arguments) = TsQuery(terms, first: 0);
        return db.Messages.FromSql(FormattableStringFactory.Create(
            $"""SELECT * FROM "Messages" WHERE "{MessageSearchIndex.PostgreSqlColumn}" @@ ({query})""", arguments));
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
