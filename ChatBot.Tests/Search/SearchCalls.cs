using System.Net;
using System.Net.Http.Json;
using ChatBot.ApiService.Search;
using ChatBot.Tests.Groups;
using ChatBot.Tests.Infrastructure;
using ChatBot.Tests.Refusals;

namespace ChatBot.Tests.Search;

/// <summary>A person's searches of their messages, as any client makes them.</summary>
internal static class SearchCalls
{
    public static async Task<SearchResults> SearchAsync(this TestUser user, string q, Guid? conversationId = null, int? page = null)
    {
        using var response = await user.CallAsync(HttpMethod.Get, PathOf(q, conversationId, page));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"search '{q}': {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<SearchResults>(Json.Options))!;
    }

    /// <summary>The seqs a search finds, as (conversation, seq), newest first.</summary>
    public static async Task<List<(Guid, long)>> FoundAsync(this TestUser user, string q, Guid? conversationId = null) =>
        (await user.SearchAsync(q, conversationId)).Results.Select(r => (r.ConversationId, r.Seq)).ToList();

    public static async Task<RestRefusal> SearchRefusedAsync(this TestUser user, string q, Guid? conversationId = null, int? page = null)
    {
        using var response = await user.CallAsync(HttpMethod.Get, PathOf(q, conversationId, page));
        return await RestRefusal.ReadAsync(response);
    }

    /// <summary>What a result's highlights mark in its snippet.</summary>
    public static IEnumerable<string> Highlighted(this SearchResult result) =>
        result.Highlights.Select(h => result.Snippet.Substring(h[0], h[1]));

    public static string PathOf(string q, Guid? conversationId = null, int? page = null) =>
        $"/api/search?q={Uri.EscapeDataString(q)}{(conversationId is { } id ? $"&conversationId={id}" : "")}{(page is { } p ? $"&page={p}" : "")}";
}
