using System.ComponentModel.DataAnnotations;
using ChatBot.ApiService.Refusals;

namespace ChatBot.ApiService.Messages;

/// <summary>
/// <c>?before=</c> pages back through history, <c>?after=</c> catches up; one or neither. The hub's catch-up
/// asks for its pages by the same rules (<see cref="Check"/>).
/// </summary>
public sealed record MessagePageQuery(
    [property: Range(1, long.MaxValue, ErrorMessage = "before must be a positive sequence number.")] long? Before,
    [property: Range(0, long.MaxValue, ErrorMessage = "after must be a sequence number, 0 or more.")] long? After,
    [property: Range(1, MessageHistory.MaxPageSize, ErrorMessage = "limit must be between {1} and {2}.")] int? Limit)
{
    public const int DefaultLimit = 50;

    /// <returns>The first rule the query breaks, as a refusal (data: <c>maxPageSize</c>); null when it breaks none.</returns>
    public Refusal? Check()
    {
        var broken = new List<ValidationResult>();
        return Validator.TryValidateObject(this, new ValidationContext(this), broken, validateAllProperties: true)
            ? null
            : Refusal.InvalidArgument(broken[0].ErrorMessage!, new Dictionary<string, object> { ["maxPageSize"] = MessageHistory.MaxPageSize });
    }
}
