using System.ComponentModel.DataAnnotations;

namespace ChatBot.ApiService.Search;

/// <summary><c>GET /api/search?q=…&amp;conversationId=…&amp;page=…</c>: what to look for (<see cref="SearchQueryParser"/>), where, and which page.</summary>
/// <param name="ConversationId">The one conversation to look in ("Search in this conversation"); all the caller's when absent.</param>
/// <param name="Page">Which page of results, from 1 (the default).</param>
public sealed record SearchRequest(
    string? Q,
    Guid? ConversationId,
    [property: Range(1, int.MaxValue, ErrorMessage = "page counts from 1.")] int? Page);
