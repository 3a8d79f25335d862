using System.Globalization;
using System.Text;
using ChatBot.ApiService.Refusals;
using ChatBot.Data;

namespace ChatBot.ApiService.Users;

/// <summary>
/// The one rule for a name that others read, a person's display name or a group's: stored NFC-normalized and
/// trimmed, and shown as it reads. Control characters and line or paragraph separators (which break the line
/// it sits on), text-direction controls (which make a name display as something else, "evil" reading as
/// "live") and names with nothing visible in them are refused.
/// </summary>
/// <param name="What">The name, as a refusal's text calls it: "A display name".</param>
/// <param name="Missing">What a refusal says when there is no name at all.</param>
/// <param name="Code">The code of a refusal.</param>
public sealed record NameRule(string What, string Missing, int MaxLength, string Code)
{
    public static readonly NameRule DisplayName =
        new("A display name", "Choose a display name.", ChatUser.MaxDisplayNameLength, RefusalCodes.InvalidArgument);

    /// <returns>Why the name cannot be used (data: <c>maxLength</c>); null when it can, with its stored form in <paramref name="name"/>.</returns>
    public Refusal? Normalize(string? text, out string name)
    {
        var normalized = (text ?? "").Normalize(NormalizationForm.FormC);
        name = Trim(normalized);
        var reason = normalized switch
        {
            _ when normalized.All(char.IsWhiteSpace) => Missing,
            _ when name.Any(IsLineBreaking) => $"{What} cannot contain control characters.",
            _ when normalized.Any(IsDirectionControl) => $"{What} cannot contain text-direction controls.",
            _ when name.Length > MaxLength => $"{What} has at most {MaxLength} characters; this one has {name.Length}.",
            _ when name.All(IsInvisible) => $"{What} needs at least one visible character.",
            _ => null,
        };
        return reason is null ? null : new Refusal(Code, reason, new Dictionary<string, object> { ["maxLength"] = MaxLength });
    }

    // Spaces and zero-width characters at either end are invisible; a joiner inside an emoji is not at an end.
    private static string Trim(string text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && IsBlank(text[start]))
        {
            start++;
        }

        while (end > start && IsBlank(text[end - 1]))
        {
            end--;
        }

        return text[start..end];
    }

    private static bool IsLineBreaking(char c) =>
        char.IsControl(c) || char.GetUnicodeCategory(c) is UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static bool IsBlank(char c) => char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format;

    private static bool IsInvisible(char c) =>
        IsBlank(c) || IsBlankLetter(c) || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark;

    /// <summary>Letters and symbols that fonts draw as nothing: the Hangul fillers and the blank Braille pattern.</summary>
    private static bool IsBlankLetter(char c) => c is '\u115F' or '\u1160' or '\u3164' or '\uFFA0' or '\u2800';

    /// <summary>Unicode's bidirectional formatting characters: marks, embeddings, overrides and isolates.</summary>
    private static bool IsDirectionControl(char c) =>
        c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
