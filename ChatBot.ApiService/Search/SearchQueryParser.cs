using System.Globalization;
using System.Text;
using ChatBot.ApiService.Refusals;

namespace ChatBot.ApiService.Search;

/// <summary>
/// Reads a search as a person types it: words, "quoted phrases", and filters <c>from:@name</c>, <c>in:@name</c> (the
/// direct conversation with that person), <c>in:name</c> or <c>in:"group name"</c>, <c>after:YYYY-MM-DD</c> and
/// <c>before:YYYY-MM-DD</c> (UTC days, both included). A <c>name:value</c> whose name (ASCII letters) is none of
/// these is refused, so a mistyped filter is not silently searched for as text; text with a colon in it is found
/// in quotes. Words without a letter or digit are dropped: no database finds them. The last word, unless a space
/// ends the search, also matches words it starts (as the search is typed).
/// </summary>
public static class SearchQueryParser
{
    private const string DateFormat = "yyyy-MM-dd";

    private static readonly HashSet<string> Filters = new(["from", "in", "after", "before"], StringComparer.OrdinalIgnoreCase);

    /// <returns>The search, or why it cannot be run (<see cref="RefusalCodes.InvalidSearchQuery"/>, <see cref="RefusalCodes.UnknownSearchFilter"/>).</returns>
    public static (SearchQuery? Query, Refusal? Refusal) Parse(string? text)
    {
        text ??= "";
        if (text.Length > SearchQuery.MaxLength)
        {
            return Refused($"A search has at most {SearchQuery.MaxLength} characters; this one has {text.Length}.");
        }

        text = Readable(text);
        var (terms, from, people, groups) = (new List<SearchTerm>(), new List<string>(), new List<string>(), new List<string>());
        DateOnly? after = null, before = null;
        for (var i = 0; SkipSpaces(text, ref i);)
        {
            if (text[i] == '"')
            {
                AddTerm(terms, Quoted(text, ref i), isPhrase: true);
                continue;
            }

            var name = FilterName(text, i);
            if (name is null || (!Filters.Contains(name) && EndsAt(text, i + name.Length + 1)))
            {
                // Text, or a word ending in a colon ("Re:"): no filter without a value.
                AddTerm(terms, Word(text, ref i), isPhrase: false);
                continue;
            }

            i += name.Length + 1;
            var value = i < text.Length && text[i] == '"' ? Quoted(text, ref i).Trim() : Word(text, ref i);
            switch (name.ToLowerInvariant())
            {
                case "from" or "in" or "after" or "before" when value.Length == 0 || value == "@":
                    return Refused($"{name}: needs a value, as in {Example(name)}.");
                case "from":
                    from.Add(value.TrimStart('@'));
                    break;
                case "in" when value.StartsWith('@'):
                    people.Add(value[1..]);
                    break;
                case "in":
                    groups.Add(value);
                    break;
                case "after" or "before" when !DateOnly.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _):
                    return Refused($"{name}: takes a date written YYYY-MM-DD, as in {Example(name)}; '{value}' is not one.");
                case "after":
                    after = Later(after, DateOnly.ParseExact(value, DateFormat, CultureInfo.InvariantCulture));
                    break;
                case "before":
                    before = Earlier(before, DateOnly.ParseExact(value, DateFormat, CultureInfo.InvariantCulture));
                    break;
                default:
                    return (null, new Refusal(
                        RefusalCodes.UnknownSearchFilter,
                        $"There is no filter '{name}:'. Filter with from:, in:, after: or before:, or put text with a colon in quotes to look for it.",
                        new Dictionary<string, object> { ["filter"] = name }));
            }
        }

        if (terms.Count == 0)
        {
            return Refused("Say what to look for: a search needs at least one word.");
        }

        if (!char.IsWhiteSpace(text[^1]) && terms[^1] is { IsPhrase: false } last && CanBePrefix(last.Text))
        {
            terms[^1] = last with { IsPrefix = true };
        }

        return (new SearchQuery(terms, from, people, groups, after, before), null);
    }

    private static (SearchQuery?, Refusal?) Refused(string message) => (null, new Refusal(
        RefusalCodes.InvalidSearchQuery, message, new Dictionary<string, object> { ["maxLength"] = SearchQuery.MaxLength }));

    /// <summary>
    /// The text composed as stored messages are (NFC), control characters (a NUL, a bell) as spaces and half a
    /// character as U+FFFD: no database reads either as text.
    /// </summary>
    private static string Readable(string text)
    {
        var readable = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            readable.Append(Rune.IsControl(rune) ? " " : rune.ToString());
        }

        return readable.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <returns>Whether there is more after the spaces at <paramref name="i"/>.</returns>
    private static bool SkipSpaces(string text, ref int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i < text.Length;
    }

    /// <summary>The text up to the next space.</summary>
    private static string Word(string text, ref int i)
    {
        var start = i;
        while (i < text.Length && !char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return text[start..i];
    }

    /// <summary>The text between the quote at <paramref name="i"/> and the next one, or the end: a search being typed has no closing quote yet.</summary>
    private static string Quoted(string text, ref int i)
    {
        var end = text.IndexOf('"', i + 1);
        var quoted = end < 0 ? text[(i + 1)..] : text[(i + 1)..end];
        i = end < 0 ? text.Length : end + 1;
        return quoted;
    }

    /// <summary>The name of a filter that starts at <paramref name="i"/> (<c>name:value</c>, the name ASCII letters), or null.</summary>
    private static string? FilterName(string text, int i)
    {
        var end = i;
        while (end < text.Length && char.IsAsciiLetter(text[end]))
        {
            end++;
        }

        return end > i && end < text.Length && text[end] == ':' ? text[i..end] : null;
    }

    private static bool EndsAt(string text, int i) => i == text.Length || char.IsWhiteSpace(text[i]);

    private static void AddTerm(List<SearchTerm> terms, string text, bool isPhrase)
    {
        text = text.Trim();
        if (text.EnumerateRunes().Any(Rune.IsLetterOrDigit))
        {
            terms.Add(new SearchTerm(text, isPhrase));
        }
    }

    /// <summary>Letters and digits alone (nothing a database's query syntax reads), and enough of them.</summary>
    private static bool CanBePrefix(string word) =>
        word.EnumerateRunes().Count() >= SearchQuery.MinPrefixLength && word.EnumerateRunes().All(Rune.IsLetterOrDigit);

    private static string Example(string name) => name.ToLowerInvariant() switch
    {
        "from" => "from:@ann",
        "in" => "in:@ann or in:\"Book club\"",
        _ => $"{name.ToLowerInvariant()}:2026-01-31",
    };

    private static DateOnly Later(DateOnly? day, DateOnly other) => day is { } d && d > other ? d : other;

    private static DateOnly Earlier(DateOnly? day, DateOnly other) => day is { } d && d < other ? d : other;
}
