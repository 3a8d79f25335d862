using System.ComponentModel.DataAnnotations;

namespace ChatBot.ApiService.Messages;

/// <summary><c>?before=</c> pages back through history, <c>?after=</c> catches up; one or neither.</summary>
public sealed record MessagePageQuery(
    [property: Range(1, long.MaxValue, ErrorMessage = "before must be a positive sequence number.")] long? Before,
    [property: Range(0, long.MaxValue, ErrorMessage = "after must be a sequence number, 0 or more.")] long? After,
    [property: Range(1, MessageHistory.MaxPageSize, ErrorMessage = "limit must be between 1 and 500.")] int? Limit)
{
    public const int DefaultLimit = 50;
}
