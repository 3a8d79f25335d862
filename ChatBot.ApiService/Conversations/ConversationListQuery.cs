using System.ComponentModel.DataAnnotations;

namespace ChatBot.ApiService.Conversations;

/// <summary>The caller's conversations, the most recently active first: <c>?limit=</c> of them.</summary>
public sealed record ConversationListQuery(
    [property: Range(1, ConversationListQuery.MaxLimit, ErrorMessage = "limit must be between {1} and {2}.")] int? Limit)
{
    public const int MaxLimit = 200;
    public const int DefaultLimit = 100;
}
