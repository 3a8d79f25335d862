namespace ChatBot.ApiService.Search;

/// <summary>A page of a search's results, the newest message first.</summary>
/// <param name="Page">Which page this is, from 1.</param>
/// <param name="HasMore">Whether a next page has results.</param>
public sealed record SearchResults(IReadOnlyList<SearchResult> Results, int Page, bool HasMore)
{
    /// <summary>The results a page has, all but the last.</summary>
    public const int PageSize = 20;

    /// <summary>The most pages a search gives: past them, a narrower search finds what is wanted sooner.</summary>
    public const int MaxPages = 50;
}

/// <summary>A message found, as it is now, where it is (conversation and seq), and what it shows of it.</summary>
/// <param name="ConversationName">A group's name, or the display name of the other person in a direct conversation.</param>
/// <param name="Snippet">The message's text, or an excerpt of it (<see cref="Search.Snippet"/>).</param>
/// <param name="Highlights">Where the matches are in <paramref name="Snippet"/>: [start, length] pairs in UTF-16 code units.</param>
public sealed record SearchResult(
    Guid ConversationId,
    string ConversationName,
    bool IsGroup,
    long Seq,
    string SenderId,
    string SenderName,
    DateTimeOffset SentAt,
    DateTimeOffset? EditedAt,
    string Snippet,
    IReadOnlyList<int[]> Highlights);
