using ChatBot.ApiService.Refusals;
using ChatBot.ApiService.Search;

namespace ChatBot.Tests.Search;

/// <summary>How a search is read: words, phrases and filters, and what is refused with which code.</summary>
public sealed class SearchQueryParserTests
{
    [Fact]
    public void WordsAndQuotedPhrasesAreTermsInTheOrderWritten()
    {
        var query = Parse("budget  \"next quarter\" review ");

        Assert.Equal([new SearchTerm("budget"), new SearchTerm("next quarter", IsPhrase: true), new SearchTerm("review")], query.Terms);
    }

    [Theory]
    [InlineData("meeting notes", true)]
    [InlineData("meeting notes ", false)]
    [InlineData("meeting no", false)]
    [InlineData("meeting \"notes\"", false)]
    [InlineData("meeting note's", false)]
    [InlineData("meeting Ünï", true)]
    public void TheLastWordMatchesAsAPrefixWhileItIsBeingTyped(string text, bool isPrefix)
    {
        var query = Parse(text);

        Assert.Equal(isPrefix, query.Terms[^1].IsPrefix);
        Assert.False(query.Terms[0].IsPrefix);
    }

    [Fact]
    public void FiltersNarrowTheSearchAndAreNotTerms()
    {
        var query = Parse("from:@ann from:ben in:@cat in:Design in:\"Book club\" after:2026-01-02 before:2026-03-04 plan");

        Assert.Equal([new SearchTerm("plan", IsPrefix: true)], query.Terms);
        Assert.Equal(["ann", "ben"], query.From);
        Assert.Equal(["cat"], query.WithPeople);
        Assert.Equal(["Design", "Book club"], query.InGroups);
        Assert.Equal((new DateOnly(2026, 1, 2), new DateOnly(2026, 3, 4)), (query.After, query.Before));
    }

    [Fact]
    public void RepeatedDatesAllHold()
    {
        var query = Parse("x after:2026-01-01 after:2026-02-01 before:2026-05-01 before:2026-04-01");

        Assert.Equal((new DateOnly(2026, 2, 1), new DateOnly(2026, 4, 1)), (query.After, query.Before));
    }

    [Theory]
    [InlineData("FROM:@ann x")]
    [InlineData("From:ann x")]
    public void FilterNamesIgnoreCase(string text) => Assert.Equal(["ann"], Parse(text).From);

    [Theory]
    [InlineData("10:30 standup", "10:30")]
    [InlineData("Re: budget", "Re:")]
    [InlineData("\"http://example.com\"", "http://example.com")]
    [InlineData("Über:alles", "Über:alles")]
    public void TextWithAColonIsATermWhenItIsNoFilter(string text, string term) =>
        Assert.Equal(term, Parse(text).Terms[0].Text);

    [Theory]
    [InlineData("!!! ... hello", "hello")]
    [InlineData("\"  spaced out  \"", "spaced out")]
    [InlineData("\"unfinished phrase", "unfinished phrase")]
    public void TermsAreTrimmedAndThoseWithoutLettersOrDigitsDropped(string text, string term) =>
        Assert.Equal([term], Parse(text).Terms.Select(t => t.Text));

    [Fact]
    public void TextIsComposedAsStoredMessagesAre() =>
        Assert.Equal("caf\u00e9", Parse("cafe\u0301").Terms[0].Text);

    [Theory]
    [InlineData("nee\u0000dle\u0007 ", new[] { "nee", "dle" })]
    [InlineData("tab\tand\nline", new[] { "tab", "and", "line" })]
    public void ControlCharactersSeparateWords(string text, string[] terms) =>
        Assert.Equal(terms, Parse(text).Terms.Select(t => t.Text));

    [Fact]
    public void HalfACharacterIsNone() =>
        Assert.Equal(["needle\uFFFD", "x"], Parse("\uD800 needle\uDC00 x").Terms.Select(t => t.Text));

    [Theory]
    [InlineData("", "Say what to look for: a search needs at least one word.")]
    [InlineData("   ", "Say what to look for: a search needs at least one word.")]
    [InlineData("from:@ann", "Say what to look for: a search needs at least one word.")]
    [InlineData("!!! \"...\"", "Say what to look for: a search needs at least one word.")]
    [InlineData("x after:2026-13-01", "after: takes a date written YYYY-MM-DD, as in after:2026-01-31; '2026-13-01' is not one.")]
    [InlineData("x before:yesterday", "before: takes a date written YYYY-MM-DD, as in before:2026-01-31; 'yesterday' is not one.")]
    [InlineData("x after:2026-1-5", "after: takes a date written YYYY-MM-DD, as in after:2026-01-31; '2026-1-5' is not one.")]
    [InlineData("x from:", "from: needs a value, as in from:@ann.")]
    [InlineData("x from:@", "from: needs a value, as in from:@ann.")]
    [InlineData("x in:\"  \"", "in: needs a value, as in in:@ann or in:\"Book club\".")]
    public void SearchesWithNothingToFindOrAMalformedDateAreInvalid(string text, string reason)
    {
        var refusal = Refused(text);

        Assert.Equal((RefusalCodes.InvalidSearchQuery, reason), (refusal.Code, refusal.Message));
        Assert.Equal(SearchQuery.MaxLength, refusal.Data!["maxLength"]);
    }

    [Fact]
    public void ASearchHasAtMostItsLength()
    {
        Assert.Single(Parse(new string('x', SearchQuery.MaxLength)).Terms);

        var refusal = Refused(new string('x', SearchQuery.MaxLength + 1));

        Assert.Equal(
            (RefusalCodes.InvalidSearchQuery, $"A search has at most {SearchQuery.MaxLength} characters; this one has {SearchQuery.MaxLength + 1}."),
            (refusal.Code, refusal.Message));
    }

    [Theory]
    [InlineData("to:@ann hello", "to")]
    [InlineData("hello http://example.com", "http")]
    [InlineData("hello Has:link", "Has")]
    public void AnUnknownFilterIsRefusedByName(string text, string filter)
    {
        var refusal = Refused(text);

        Assert.Equal((RefusalCodes.UnknownSearchFilter, filter), (refusal.Code, refusal.Data!["filter"]));
        Assert.Equal(
            $"There is no filter '{filter}:'. Filter with from:, in:, after: or before:, or put text with a colon in quotes to look for it.",
            refusal.Message);
    }

    [Fact]
    public void TheFts5QueryQuotesEveryTermSoNoneIsAnOperator()
    {
        SearchTerm[] terms = [new("OR"), new("NEAR(a"), new("say \"no\" -not", IsPhrase: true), new("body:x^"), new("caf\u00e9", IsPrefix: true)];

        Assert.Equal("\"OR\" AND \"NEAR(a\" AND \"say \"\"no\"\" -not\" AND \"body:x^\" AND \"caf\u00e9\"*", SqliteFullTextIndex.Query(terms));
        Assert.Equal("\"OR\" AND \"NEAR(a\" AND \"say \"\"no\"\" -not\" AND \"body:x^\" AND (\"cafe\" OR \"cafe\"\")\")", SqliteFullTextIndex.Query(terms, ["cafe", "cafe\")"]));
    }

    private static SearchQuery Parse(string text)
    {
        var (query, refusal) = SearchQueryParser.Parse(text);
        Assert.True(refusal is null, refusal?.Message);
        return query!;
    }

    private static Refusal Refused(string text)
    {
        var (query, refusal) = SearchQueryParser.Parse(text);
        Assert.Null(query);
        return refusal!;
    }
}
