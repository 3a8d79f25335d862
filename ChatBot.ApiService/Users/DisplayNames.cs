using System.Globalization;
using System.Text;
using ChatBot.Data;

namespace ChatBot.ApiService.Users;

/// <summary>
/// How a display name is stored: NFC-normalized and trimmed, and shown as it reads. Control characters,
/// text-direction controls (which make a name display as something else, "evil" reading as "live") and names
/// with nothing visible in them are refused.
/// </summary>
public static class DisplayNames
{
    /// <returns>Why the name cannot be used; null when it can, with the stored form in <paramref name="name"/>.</returns>
    public static string? TryNormalize(string? text, out string name)
    {
        var normalized = (text ?? "").Normalize(NormalizationForm.FormC);
        name = Trim(normalized);
        if (normalized.Any(char.IsControl))
        {
            return "A display name cannot contain control characters.";
        }

        if (normalized.Any(IsDirectionControl))
        {
            return "A display name cannot contain text-direction controls.";
        }

        if (name.Length == 0)
        {
            return normalized.All(char.IsWhiteSpace) ? "Choose a display name." : NothingVisible;
        }

        if (name.Length > ChatUser.MaxDisplayNameLength)
        {
            return $"A display name has at most {ChatUser.MaxDisplayNameLength} characters.";
        }

        return name.All(IsInvisible) ? NothingVisible : null;
    }

    private const string NothingVisible = "A display name needs at least one visible character.";

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

    private static bool IsBlank(char c) => char.IsWhiteSpace(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format;

    private static bool IsInvisible(char c) =>
        IsBlank(c) || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark;

    /// <summary>Unicode's bidirectional formatting characters: marks, embeddings, overrides and isolates.</summary>
    private static bool IsDirectionControl(char c) =>
        c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
