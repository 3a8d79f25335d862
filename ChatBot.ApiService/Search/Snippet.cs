using System.Globalization;

namespace ChatBot.ApiService.Search;

/// <summary>
/// What a result shows of its message: the whole text when it is short, else an excerpt of it from a little before
/// the first match, cut between words where it can be, with "…" where text was left out; and where the matches
/// are in it, in UTF-16 code units as JavaScript counts them.
/// </summary>
public sealed record Snippet(string Text, IReadOnlyList<int[]> Highlights)
{
    /// <summary>The most characters of a message a snippet shows (its "…" aside); a message this short is shown whole.</summary>
    public const int MaxLength = 160;

    /// <summary>How much text comes before the first match in an excerpt, at most.</summary>
    private const int Lead = 40;

    /// <summary>How far a cut may move to fall between words.</summary>
    private const int WordReach = 20;

    private const string Ellipsis = "…";

    /// <param name="ranges">Where the matches are in <paramref name="text"/>, in order.</param>
    public static Snippet Of(string text, IReadOnlyList<(int Start, int Length)> ranges)
    {
        if (text.Length <= MaxLength)
        {
            return new Snippet(text, [.. ranges.Select(r => new[] { r.Start, r.Length })]);
        }

        var anchor = ranges.Count > 0 ? ranges[0].Start : 0;
        var start = anchor <= Lead ? 0 : StartOfWord(text, anchor - Lead, anchor);
        var end = Math.Min(text.Length, start + MaxLength);
        if (end < text.Length)
        {
            end = EndOfWord(text, end, ranges.Count > 0 ? ranges[0].Start + ranges[0].Length : start + 1);
        }

        var prefix = start > 0 ? Ellipsis : "";
        var excerpt = prefix + text[start..end] + (end < text.Length ? Ellipsis : "");
        var shown = ranges
            .Select(r => (Start: Math.Max(r.Start, start), End: Math.Min(r.Start + r.Length, end)))
            .Where(r => r.End > r.Start)
            .Select(r => new[] { r.Start - start + prefix.Length, r.End - r.Start });
        return new Snippet(excerpt, [.. shown]);
    }

    /// <summary>Where an excerpt wanted at <paramref name="at"/> begins: after a space a little later, or else at the whole character there.</summary>
    private static int StartOfWord(string text, int at, int anchor)
    {
        var space = text.AsSpan(at, Math.Min(WordReach, anchor - at)).IndexOfAny([' ', '\n', '\t']);
        return space >= 0 ? at + space + 1 : WholeCharacterAt(text, at);
    }

    /// <summary>Where an excerpt wanted to end at <paramref name="at"/> ends: at a space a little earlier, or else at the whole character there.</summary>
    private static int EndOfWord(string text, int at, int notBefore)
    {
        var from = Math.Max(notBefore, at - WordReach);
        var space = from < at ? text.AsSpan(from, at - from).LastIndexOfAny([' ', '\n', '\t']) : -1;
        if (space >= 0)
        {
            return from + space;
        }

        // A character longer than the whole snippet (hundreds of accents on one letter) is cut, not left out.
        var whole = WholeCharacterAt(text, at);
        return whole > notBefore ? whole : at;
    }

    /// <summary>The start of the character (the whole grapheme cluster: an emoji, a letter and its accents) that <paramref name="index"/> is in.</summary>
    private static int WholeCharacterAt(string text, int index)
    {
        var start = 0;
        foreach (var length in TextElementLengths(text))
        {
            if (start + length > index)
            {
                return start;
            }

            start += length;
        }

        return text.Length;
    }

    private static IEnumerable<int> TextElementLengths(string text)
    {
        for (var i = 0; i < text.Length;)
        {
            var length = StringInfo.GetNextTextElementLength(text, i);
            yield return length;
            i += length;
        }
    }
}
