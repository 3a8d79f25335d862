using System.ComponentModel.DataAnnotations;
using ChatBot.ApiService.Refusals;

namespace ChatBot.ApiService.Messages;

/// <summary>
/// <c>?before=</c> pages back through history, <c>?after=</c> catches up, <c>?around=</c> opens the history at a
/// message; one of them or none. The hub's catch-up asks for its pages by the same rules (<see cref="Check"/>).
/// </summary>
public sealed record MessagePageQuery(
    [property: Range(1, long.MaxValue, ErrorMessage = "before must be a positive sequence number.")] long? Before,
    [property: Range(0, long.MaxValue, ErrorMessage = "after must be a sequence number, 0 or more.")] long? After,
    [property: Range(1, long.MaxValue, ErrorMessage = "around must be a positive sequence number.")] long? Around,
    [property: Range(1, MessageHistory.MaxPageSize, ErrorMessage = "limit must be between {1} and {2}.")] int? Limit) : IValidatableObject
{
    public const int DefaultLimit = 50;

    /// <summary>A page starts from one place: the refusal names each place given when there are more.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        string[] given = [.. new[] { (nameof(Before), Before), (nameof(After), After), (nameof(Around), Around) }
            .Where(place => place.Item2 is not null)
            .Select(place => place.Item1)];
        if (given.Length > 1)
        {
            yield return new ValidationResult("Give one of before, after or around, not more.", given);
        }
    }

    /// <returns>The first rule the query breaks, as a refusal (data: <c>maxPageSize</c>); null when it breaks none.</returns>
    public Refusal? Check()
    {
        var broken = new List<ValidationResult>();
        return Validator.TryValidateObject(this, new ValidationContext(this), broken, validateAllProperties: true)
            ? null
            : Refusal.InvalidArgument(broken[0].ErrorMessage!, new Dictionary<string, object> { ["maxPageSize"] = MessageHistory.MaxPageSize });
    }
}
