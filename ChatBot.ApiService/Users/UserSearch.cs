using System.ComponentModel.DataAnnotations;

namespace ChatBot.ApiService.Users;

public sealed record UserSearch(
    [property: StringLength(64, ErrorMessage = "Search for at most 64 characters.")] string? Search,
    [property: Range(1, UserSearch.MaxLimit, ErrorMessage = "limit must be between 1 and 50.")] int? Limit)
{
    public const int MaxLimit = 50;
    public const int DefaultLimit = 20;
}
