using ChatBot.ApiService.Conversations;
using ChatBot.ApiService.Messages;
using ChatBot.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.ApiService.Search;

/// <summary>
/// A person's search of their messages: what they may see (<see cref="VisibleMessages"/>), narrowed to live text
/// messages whose current text the index matches and to the search's filters, newest first; then each result's
/// matches, marked by the database in the text it is shown with.
/// </summary>
internal static class MessageSearch
{
    /// <param name="conversationId">The one conversation to look in, if any.</param>
    /// <param name="page">Which page of results, from 1.</param>
    public static async Task<SearchResults> SearchAsync(
        this ChatDbContext db, string userId, SearchQuery query, Guid? conversationId, int page, CancellationToken cancellationToken)
    {
        var index = FullTextIndex.Of(db);
        await index.CatchUpAsync(db, cancellationToken);
        // The index leads, newest first in its own order (a message's id): the first page of a word in half the
        // messages reads a few hundred of them rather than sorting every match (2.8 s against 2 ms for 1,000,000 on SQLite).
        var rows = (await index.VisibleMatchesAsync(db, userId, query.Terms, cancellationToken))
            .Where(r => r.Message.Kind == MessageKind.Text && r.Message.DeletedAt == null);
        if (conversationId is { } id)
        {
            rows = rows.Where(r => r.Message.ConversationId == id);
        }

        if (query.From.Count > 0)
        {
            var senders = query.From.Select(ChatUser.Normalize).ToList();
            rows = rows.Where(r => db.Users.Any(u => u.Id == r.Message.SenderId && senders.Contains(u.NormalizedUserName!)));
        }

        if (query.NarrowsConversations)
        {
            var people = query.WithPeople.Select(ChatUser.Normalize).ToList();
            var direct = db.DirectPeers(userId).Where(p => people.Contains(p.NormalizedUserName)).Select(p => p.ConversationId);
            var groups = await db.GroupsNamedAsync(userId, query.InGroups, cancellationToken);
            rows = rows.Where(r => direct.Contains(r.Message.ConversationId) || groups.Contains(r.Message.ConversationId));
        }

        if (query.After is { } after)
        {
            var from = StartOf(after);
            rows = rows.Where(r => r.Message.SentAt >= from);
        }

        // The last day there is has no day after it: before it is always.
        if (query.Before is { } before && before < DateOnly.MaxValue)
        {
            var until = StartOf(before.AddDays(1));
            rows = rows.Where(r => r.Message.SentAt < until);
        }

        var found = await (
            from r in rows
            join conversation in db.Conversations on r.Message.ConversationId equals conversation.Id
            join sender in db.Users on r.Message.SenderId equals sender.Id
            orderby r.Id descending
            select new Found
            {
                Id = r.Id,
                ConversationId = conversation.Id,
                ConversationName = conversation.Name,
                IsGroup = conversation.Kind == ConversationKind.Group,
                Seq = r.Message.Seq,
                SenderId = sender.Id,
                SenderName = sender.DisplayName,
                SentAt = r.Message.SentAt,
                EditedAt = r.Message.EditedAt,
                Body = r.Message.Body,
            })
            .Skip((page - 1) * SearchResults.PageSize)
            .Take(SearchResults.PageSize + 1)
            .AsNoTracking()
            .ToListAsync(cancellationToken);

        var shown = found.Take(SearchResults.PageSize).ToList();
        // A direct conversation is named after the other person: looked up for the page alone, as the sidebar names it.
        var directIds = shown.Where(f => f.ConversationName is null).Select(f => f.ConversationId).Distinct().ToList();
        var peers = await db.DirectPeers(userId).Where(p => directIds.Contains(p.ConversationId))
            .ToDictionaryAsync(p => p.ConversationId, p => p.DisplayName, cancellationToken);
        var snippets = await SnippetsAsync(db, index, query.Terms, shown, cancellationToken);
        var results = shown.ConvertAll(f => new SearchResult(
            f.ConversationId, f.ConversationName ?? peers[f.ConversationId], f.IsGroup, f.Seq, f.SenderId, f.SenderName, f.SentAt, f.EditedAt,
            snippets[f.Id].Text, snippets[f.Id].Highlights));
        return new SearchResults(results, page, found.Count > SearchResults.PageSize);
    }

    /// <summary>
    /// Each message's snippet, with its matches where the database marked them: in the first marked text that is the
    /// message's own, or as long (a folding that keeps every character in its place). A message changed since it
    /// was found is shown as it was found, without marks.
    /// </summary>
    private static async Task<Dictionary<long, Snippet>> SnippetsAsync(
        ChatDbContext db, FullTextIndex index, IReadOnlyList<SearchTerm> terms, List<Found> found, CancellationToken cancellationToken)
    {
        if (found.Count == 0)
        {
            return [];
        }

        var markers = HighlightMarkers.For(found.Select(f => f.Body));
        var marked = (await index.MarkAsync(db, terms, [.. found.Select(f => f.Id)], markers, cancellationToken)).ToLookup(m => m.Id);
        return found.ToDictionary(f => f.Id, f =>
        {
            var ranges = marked[f.Id].OrderBy(m => m.Choice)
                .Select(m => (m.Text, m.Body, Parsed: markers.Parse(m.Marked)))
                .FirstOrDefault(m => m.Body == f.Body && m.Parsed is { } parsed && parsed.Text == m.Text && m.Text.Length == f.Body.Length)
                .Parsed?.Ranges;
            return Snippet.Of(f.Body, ranges ?? []);
        });
    }

    /// <summary>The ids of the person's groups with one of these names, in any case.</summary>
    private static async Task<List<Guid>> GroupsNamedAsync(this ChatDbContext db, string userId, IReadOnlyList<string> names, CancellationToken cancellationToken)
    {
        if (names.Count == 0)
        {
            return [];
        }

        var wanted = names.Select(ChatUser.Normalize).ToHashSet();
        var groups = await db.ConversationMembers
            .Where(m => m.UserId == userId && m.Conversation!.Kind == ConversationKind.Group)
            .Select(m => new { m.ConversationId, m.Conversation!.Name })
            .ToListAsync(cancellationToken);
        return groups.Where(g => wanted.Contains(ChatUser.Normalize(g.Name ?? ""))).Select(g => g.ConversationId).ToList();
    }

    /// <summary>The first moment of a UTC day.</summary>
    private static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    // Initialized by properties, not a constructor: EF Core orders and pages by them in SQL.
    private sealed class Found
    {
        public long Id { get; init; }
        public Guid ConversationId { get; init; }
        /// <summary>A group's name; null for a direct conversation.</summary>
        public string? ConversationName { get; init; }
        public bool IsGroup { get; init; }
        public long Seq { get; init; }
        public string SenderId { get; init; } = "";
        public string SenderName { get; init; } = "";
        public DateTimeOffset SentAt { get; init; }
        public DateTimeOffset? EditedAt { get; init; }
        public string Body { get; init; } = "";
    }
}
