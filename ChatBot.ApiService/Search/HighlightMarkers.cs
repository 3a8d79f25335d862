using System.Text;

namespace ChatBot.ApiService.Search;

/// <summary>
/// The two characters a database puts around each match in a text (FTS5's highlight(), PostgreSQL's
/// ts_headline()), which the server then turns into ranges. They are private-use characters that none of the
/// texts contains, chosen for each page of results: a message with private-use characters of its own cannot pass
/// them off as matches.
/// </summary>
public sealed record HighlightMarkers(string Open, string Close)
{
    /// <summary>Two private-use characters in none of <paramref name="texts"/>: the first of the BMP's area, else of plane 15's.</summary>
    public static HighlightMarkers For(IEnumerable<string> texts)
    {
        var used = new HashSet<int>();
        foreach (var text in texts)
        {
            foreach (var rune in text.EnumerateRunes())
            {
                if (IsPrivateUse(rune.Value))
                {
                    used.Add(rune.Value);
                }
            }
        }

        // 20 messages of 4,000 characters cannot hold every one of the BMP's 6,400 and plane 15's 65,534.
        var free = PrivateUse().Where(c => !used.Contains(c)).Take(2).Select(c => new Rune(c).ToString()).ToList();
        return new HighlightMarkers(free[0], free[1]);
    }

    /// <summary>
    /// The text without the markers, and where each marked stretch is in it (UTF-16 code units); null when the
    /// markers do not pair up, which no database answer does.
    /// </summary>
    public (string Text, List<(int Start, int Length)> Ranges)? Parse(string marked)
    {
        var text = new StringBuilder(marked.Length);
        var ranges = new List<(int, int)>();
        int? open = null;
        for (var i = 0; i < marked.Length;)
        {
            if (string.CompareOrdinal(marked, i, Open, 0, Open.Length) == 0 && open is null)
            {
                open = text.Length;
                i += Open.Length;
            }
            else if (string.CompareOrdinal(marked, i, Close, 0, Close.Length) == 0 && open is { } start)
            {
                if (text.Length > start)
                {
                    ranges.Add((start, text.Length - start));
                }

                open = null;
                i += Close.Length;
            }
            else if (string.CompareOrdinal(marked, i, Open, 0, Open.Length) == 0 || string.CompareOrdinal(marked, i, Close, 0, Close.Length) == 0)
            {
                return null;
            }
            else
            {
                text.Append(marked[i++]);
            }
        }

        return open is null ? (text.ToString(), ranges) : null;
    }

    private static bool IsPrivateUse(int codePoint) => codePoint is (>= 0xE000 and <= 0xF8FF) or (>= 0xF0000 and <= 0xFFFFD);

    private static IEnumerable<int> PrivateUse() =>
        Enumerable.Range(0xE000, 0xF8FF - 0xE000 + 1).Concat(Enumerable.Range(0xF0000, 0xFFFFD - 0xF0000 + 1));
}
