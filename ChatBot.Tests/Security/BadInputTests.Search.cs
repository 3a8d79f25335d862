using System.Net;
using ChatBot.ApiService.Search;
using ChatBot.Tests.Infrastructure;
using ChatBot.Tests.Search;
using static ChatBot.ApiService.Refusals.RefusalCodes;

namespace ChatBot.Tests.Security;

/// <summary>The bad inputs of searching one's messages: each answered with the refusal meant for it.</summary>
public abstract partial class BadInputTests
{
    /// <summary>
    /// Searches that cannot be run, in a conversation of the caller's whose one message is "before": each is refused
    /// with its code and its words (a malformed query string unread, as everywhere), never answered with results.
    /// </summary>
    private async Task<int> TrySearchesAsync(TestUser user, Guid conversation)
    {
        var noWords = Rule(HttpStatusCode.BadRequest, InvalidSearchQuery, "Say what to look for: a search needs at least one word.");
        var tooLong = (int length) => Rule(HttpStatusCode.BadRequest, InvalidSearchQuery,
            $"A search has at most {SearchQuery.MaxLength} characters; this one has {length}.");
        var badDate = (string filter, string value) => Rule(HttpStatusCode.BadRequest, InvalidSearchQuery,
            $"{filter}: takes a date written YYYY-MM-DD, as in {filter}:2026-01-31; '{value}' is not one.");
        var noSuchFilter = (string filter) => Rule(HttpStatusCode.BadRequest, UnknownSearchFilter,
            $"There is no filter '{filter}:'. Filter with from:, in:, after: or before:, or put text with a colon in quotes to look for it.");
        var pastTheEnd = Rule(HttpStatusCode.BadRequest, PagePastEnd, "There is no page 2: the results end before it.");
        var pastTheLast = Rule(HttpStatusCode.BadRequest, PagePastEnd, $"A search gives at most {SearchResults.MaxPages} pages; narrow it to find more.");
        var noSuchConversation = Rule(HttpStatusCode.NotFound, NotFound, "Conversation not found.");
        List<(HttpMethod Method, string Path, bool Anonymous, Refused Refused)> searches =
        [
            .. new (string Path, Refused Refused)[]
            {
                ("/api/search", noWords), (SearchCalls.PathOf(""), noWords), (SearchCalls.PathOf("  \t "), noWords),
                (SearchCalls.PathOf("from:@someone in:@else"), noWords), (SearchCalls.PathOf("!!! ... \"?\""), noWords), (SearchCalls.PathOf("\""), noWords),
                (SearchCalls.PathOf(new string('q', SearchQuery.MaxLength + 1)), tooLong(SearchQuery.MaxLength + 1)),
                (SearchCalls.PathOf(new string('q', 2_000)), tooLong(2_000)),
                (SearchCalls.PathOf(string.Concat(Enumerable.Repeat("😀", (SearchQuery.MaxLength / 2) + 1))), tooLong(SearchQuery.MaxLength + 2)),
                (SearchCalls.PathOf("x after:2026-13-01"), badDate("after", "2026-13-01")), (SearchCalls.PathOf("x after:2026-02-30"), badDate("after", "2026-02-30")),
                (SearchCalls.PathOf("x before:tomorrow"), badDate("before", "tomorrow")), (SearchCalls.PathOf("x before:26-1-1"), badDate("before", "26-1-1")),
                (SearchCalls.PathOf("x after:\"2026/01/01\""), badDate("after", "2026/01/01")),
                (SearchCalls.PathOf("x from:"), Rule(HttpStatusCode.BadRequest, InvalidSearchQuery, "from: needs a value, as in from:@ann.")),
                (SearchCalls.PathOf("x in:@"), Rule(HttpStatusCode.BadRequest, InvalidSearchQuery, "in: needs a value, as in in:@ann or in:\"Book club\".")),
                (SearchCalls.PathOf("x to:@bob"), noSuchFilter("to")), (SearchCalls.PathOf("x has:link"), noSuchFilter("has")),
                (SearchCalls.PathOf("see http://example.com"), noSuchFilter("http")), (SearchCalls.PathOf("x FROM:@a IN:b Sort:new"), noSuchFilter("Sort")),
                (SearchCalls.PathOf("x", page: 0), Invalid("page")), (SearchCalls.PathOf("x", page: -1), Invalid("page")),
                (SearchCalls.PathOf("x") + "&page=abc", Unread), (SearchCalls.PathOf("x") + "&page=1.5", Unread),
                (SearchCalls.PathOf("x") + "&page=99999999999", Unread), (SearchCalls.PathOf("x") + "&page=", Unread),
                (SearchCalls.PathOf("x", page: SearchResults.MaxPages + 1), pastTheLast), (SearchCalls.PathOf("x", page: int.MaxValue), pastTheLast),
                (SearchCalls.PathOf("before", conversation, page: 2), pastTheEnd),
                (SearchCalls.PathOf("x") + "&conversationId=not-a-guid", Unread), (SearchCalls.PathOf("x") + "&conversationId=", Unread),
                (SearchCalls.PathOf("before", Guid.NewGuid()), noSuchConversation), (SearchCalls.PathOf("before", Guid.Empty), noSuchConversation),
                ("/api/search/before", NoRoute),
            }.Select(search => (HttpMethod.Get, search.Path, false, search.Refused)),
            (HttpMethod.Post, SearchCalls.PathOf("before"), false, NotAllowed),
            (HttpMethod.Delete, "/api/search", false, NotAllowed),
            (HttpMethod.Get, SearchCalls.PathOf("before"), true, new Refused(HttpStatusCode.Unauthorized, Unauthenticated)),
        ];

        foreach (var (method, path, anonymous, refused) in searches)
        {
            using var client = anonymous ? app.CreateAnonymousClient() : user.CreateClient();
            using var response = await client.SendAsync(new HttpRequestMessage(method, path));
            await AssertRefusedAsync(response, refused, $"{method} {path[..Math.Min(80, path.Length)]}");
        }

        return searches.Count;
    }
}
