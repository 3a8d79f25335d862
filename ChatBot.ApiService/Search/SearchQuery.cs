namespace ChatBot.ApiService.Search;

/// <summary>A word or a "quoted phrase" to find; the last word may be matched as the start of a word (<see cref="IsPrefix"/>).</summary>
public sealed record SearchTerm(string Text, bool IsPhrase = false, bool IsPrefix = false);

/// <summary>
/// A search as <see cref="SearchQueryParser"/> reads it: every term must be in a message, and each kind of filter
/// given narrows it (several <c>from:</c> or <c>in:</c> are any of them; <c>after:</c> and <c>before:</c> all hold).
/// </summary>
/// <param name="Terms">The words and phrases, in the order written; at least one.</param>
/// <param name="From">User names (without the <c>@</c>) of the senders to look among.</param>
/// <param name="WithPeople">User names of the people whose direct conversations to look in.</param>
/// <param name="InGroups">Names of the groups to look in.</param>
/// <param name="After">The first UTC day to look in.</param>
/// <param name="Before">The last UTC day to look in.</param>
public sealed record SearchQuery(
    IReadOnlyList<SearchTerm> Terms,
    IReadOnlyList<string> From,
    IReadOnlyList<string> WithPeople,
    IReadOnlyList<string> InGroups,
    DateOnly? After,
    DateOnly? Before)
{
    /// <summary>The most characters a search has, filters included.</summary>
    public const int MaxLength = 256;

    /// <summary>The fewest letters a last word needs to be matched as the start of words: fewer would match most of them.</summary>
    public const int MinPrefixLength = 3;

    /// <summary>Whether the search looks in some conversations only (<c>in:</c>).</summary>
    public bool NarrowsConversations => WithPeople.Count > 0 || InGroups.Count > 0;
}
