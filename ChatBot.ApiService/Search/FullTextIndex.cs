using ChatBot.ApiService.Messages;
using ChatBot.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.ApiService.Search;

/// <summary>
/// The database's own full-text index of live messages (<see cref="MessageSearchIndex"/>), asked in SQL of its
/// own where the search's text only ever travels as parameters.
/// </summary>
internal abstract class FullTextIndex
{
    private static readonly FullTextIndex Sqlite = new SqliteFullTextIndex();
    private static readonly FullTextIndex PostgreSql = new PostgreSqlFullTextIndex();

    public static FullTextIndex Of(ChatDbContext db) => db.Database.IsNpgsql() ? PostgreSql : Sqlite;

    /// <summary>Brings the index up to every message acknowledged so far, where it takes them in later than that.</summary>
    public virtual Task CatchUpAsync(ChatDbContext db, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The ids of the messages, anyone's, whose text has every term: to be narrowed to what a person may see.</summary>
    public abstract Task<IQueryable<FullTextHit>> MatchingAsync(ChatDbContext db, IReadOnlyList<SearchTerm> terms, CancellationToken cancellationToken);

    /// <summary>
    /// The rows <paramref name="userId"/> may see (<see cref="VisibleMessages"/>) whose text has every term, each with
    /// the id the index walks newest first: its matches joined to the rows, unless the index can do better.
    /// </summary>
    public virtual async Task<IQueryable<FullTextMatch>> VisibleMatchesAsync(
        ChatDbContext db, string userId, IReadOnlyList<SearchTerm> terms, CancellationToken cancellationToken) =>
        from hit in await MatchingAsync(db, terms, cancellationToken)
        join r in db.VisibleTo(userId) on hit.Id equals r.Message.Id
        select new FullTextMatch { Id = hit.Id, Message = r.Message };

    /// <summary>
    /// The text of each message with every match between the <paramref name="markers"/>, as the database finds them:
    /// for each, one or more ways it was marked (<see cref="MarkedText.Choice"/>, best first).
    /// </summary>
    public abstract Task<List<MarkedText>> MarkAsync(
        ChatDbContext db, IReadOnlyList<SearchTerm> terms, IReadOnlyList<long> messageIds, HighlightMarkers markers, CancellationToken cancellationToken);
}

/// <summary>
/// A message the index matched. A type of its own rather than a bare <c>long</c>: EF Core's SQLite provider casts a
/// scalar query's column, and SQLite cannot walk an index in the order of a cast.
/// </summary>
internal sealed class FullTextHit
{
    public long Id { get; init; }
}

/// <summary>A message the index matched, and the id it orders its matches by.</summary>
internal sealed class FullTextMatch
{
    // Initialized by properties, not a constructor: EF Core orders and pages by them in SQL.
    /// <summary>The message's id as the index gives it: ordering by it lets the index walk its matches newest first.</summary>
    public long Id { get; init; }

    public required Message Message { get; init; }
}

/// <summary>A message's text as the index marked its matches in it (<see cref="Marked"/>), and the text it marked.</summary>
internal sealed class MarkedText
{
    public long Id { get; init; }

    /// <summary>Which way of marking, the lowest the best.</summary>
    public int Choice { get; init; }

    public string Marked { get; init; } = "";

    /// <summary>The text that was marked: the message's own, or as the index folds it.</summary>
    public string Text { get; init; } = "";

    /// <summary>The message's text it was marked from, as it was then.</summary>
    public string Body { get; init; } = "";
}
