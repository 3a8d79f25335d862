using System.ComponentModel.DataAnnotations;

namespace ChatBot.ApiService.Users;

public sealed record UserSearch(
    [property: StringLength(UserSearch.MaxSearchLength, ErrorMessage = "Search for at most {1} characters.")] string? Search,
    [property: Range(1, UserSearch.MaxLimit, ErrorMessage = "limit must be between {1} and {2}.")] int? Limit)
{
    public const int MaxSearchLength = 64;
    public const int MaxLimit = 50;
    public const int DefaultLimit = 20;
}
