using ChatBot.ApiService.Search;

namespace ChatBot.Tests.Search;

/// <summary>What a result shows of its message, and where its matches are in it, from the database's marked text.</summary>
public sealed class SnippetTests
{
    private static readonly HighlightMarkers Markers = HighlightMarkers.For([]);

    [Fact]
    public void MarkersArePrivateUseCharactersThatNoTextHas()
    {
        var usual = HighlightMarkers.For(["plain text"]);
        var taken = HighlightMarkers.For(["\uE000 and \uE001 and \uE003"]);

        Assert.Equal(("\uE000", "\uE001"), (usual.Open, usual.Close));
        Assert.Equal(("\uE002", "\uE004"), (taken.Open, taken.Close));
    }

    [Fact]
    public void WhenTheTextsHoldTheWholeAreaMarkersComeFromPlane15()
    {
        var everyOne = new string([.. Enumerable.Range(0xE000, 0xF8FF - 0xE000 + 1).Select(c => (char)c)]);

        var markers = HighlightMarkers.For([everyOne]);

        var (text, ranges) = Ranges(markers, "a \U000F0000b\U000F0001");
        Assert.Equal(("\U000F0000", "\U000F0001"), (markers.Open, markers.Close));
        Assert.Equal(("a b", (2, 1)), (text, Assert.Single(ranges)));
    }

    [Fact]
    public void MarkedTextBecomesTheTextAndTheRangesOfItsMatches()
    {
        var (text, ranges) = Ranges(Markers, "\uE000Ünïcode\uE001 is \uE000🙂\uE001 fine \uE000\uE001");

        Assert.Equal("Ünïcode is 🙂 fine ", text);
        Assert.Equal(new[] { (0, 7), (11, 2) }, ranges);
    }

    [Theory]
    [InlineData("\uE000unclosed")]
    [InlineData("closed\uE001")]
    [InlineData("\uE000twice\uE000 open\uE001")]
    public void MarksThatDoNotPairUpAreNotRead(string marked) => Assert.Null(Markers.Parse(marked));

    [Fact]
    public void AShortMessageIsShownWhole()
    {
        var text = new string('a', Snippet.MaxLength - 4) + " end";

        var snippet = Snippet.Of(text, [(Snippet.MaxLength - 3, 3)]);

        Assert.Equal(text, snippet.Text);
        Assert.Equal([[Snippet.MaxLength - 3, 3]], snippet.Highlights);
    }

    [Fact]
    public void ALongMessageIsCutBetweenWordsAroundItsFirstMatch()
    {
        var words = string.Join(' ', Enumerable.Range(0, 200).Select(i => $"w{i:000}"));
        var at = words.IndexOf("w100", StringComparison.Ordinal);

        var snippet = Snippet.Of(words, [(at, 4), (at + 10, 4), (words.Length - 4, 4)]);

        Assert.StartsWith("…w09", snippet.Text, StringComparison.Ordinal);
        Assert.EndsWith("…", snippet.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("  ", snippet.Text, StringComparison.Ordinal);
        Assert.InRange(snippet.Text.Length, Snippet.MaxLength - 25, Snippet.MaxLength + 2);
        Assert.Equal(["w100", "w102"], snippet.Highlights.Select(h => snippet.Text.Substring(h[0], h[1])));
        Assert.All(snippet.Text.Trim('…').Split(' '), word => Assert.Matches("^w[0-9]{3}$", word));
    }

    [Fact]
    public void AMatchNearTheStartStartsTheExcerptAtTheStart()
    {
        var text = "Start " + new string('x', 300);

        var snippet = Snippet.Of(text, [(0, 5)]);

        Assert.StartsWith("Start", snippet.Text, StringComparison.Ordinal);
        Assert.EndsWith("…", snippet.Text, StringComparison.Ordinal);
        Assert.Equal([[0, 5]], snippet.Highlights);
    }

    [Fact]
    public void AnExcerptNeverSplitsACharacter()
    {
        // Three UTF-16 code units each: where the excerpt would begin and end falls inside one.
        const string thumb = "\U0001F44D\uFE0F";
        var text = string.Concat(Enumerable.Repeat(thumb, 100));

        var snippet = Snippet.Of(text, [(50 * thumb.Length, thumb.Length)]);

        var excerpt = snippet.Text.Trim('…');
        Assert.Equal(string.Concat(Enumerable.Repeat(thumb, excerpt.Length / thumb.Length)), excerpt);
        Assert.Equal(thumb, snippet.Text.Substring(snippet.Highlights[0][0], snippet.Highlights[0][1]));
    }

    [Fact]
    public void WithoutMatchesALongMessageShowsItsStart()
    {
        var text = string.Join(' ', Enumerable.Repeat("word", 100));

        var snippet = Snippet.Of(text, []);

        Assert.StartsWith("word word", snippet.Text, StringComparison.Ordinal);
        Assert.EndsWith("word…", snippet.Text, StringComparison.Ordinal);
        Assert.Empty(snippet.Highlights);
    }

    private static (string Text, (int, int)[] Ranges) Ranges(HighlightMarkers markers, string marked)
    {
        var parsed = markers.Parse(marked);
        Assert.NotNull(parsed);
        return (parsed.Value.Text, [.. parsed.Value.Ranges]);
    }
}
