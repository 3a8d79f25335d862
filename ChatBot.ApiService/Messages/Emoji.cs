using System.Globalization;
using System.Text;
using ChatBot.ApiService.Refusals;
using ChatBot.Data;

namespace ChatBot.ApiService.Messages;

/// <summary>
/// What a reaction is: exactly one emoji, one grapheme cluster (as .NET's <see cref="StringInfo"/> splits text)
/// that starts with an emoji character. What it accepts, honestly: any cluster whose first character is a symbol
/// (<see cref="UnicodeCategory.OtherSymbol"/>) in the blocks where Unicode puts its emoji, or a keycap (a digit,
/// # or * with the enclosing keycap mark); with whatever follows in the same cluster: variation selectors, skin
/// tones, zero-width-joiner sequences (families, professions), flags (pairs of regional indicators, and the tag
/// sequences of regions). It is a range check, not Unicode's emoji data: a few symbols of those blocks that no
/// font draws as emoji (such as some dingbats and arrows) pass too; letters, digits alone, punctuation and text do not.
/// </summary>
public static class Emoji
{
    private const int CombiningKeycap = 0x20E3;

    /// <summary>The blocks that hold the emoji: pictographs, symbols and dingbats, arrows and geometric shapes used as emoji.</summary>
    private static readonly (int First, int Last)[] Blocks =
    [
        (0x00A9, 0x00A9), (0x00AE, 0x00AE), (0x203C, 0x203C), (0x2049, 0x2049), (0x2122, 0x2122), (0x2139, 0x2139),
        (0x2194, 0x21AA), (0x231A, 0x23FF), (0x24C2, 0x24C2), (0x25AA, 0x25FE), (0x2600, 0x27BF), (0x2934, 0x2935),
        (0x2B05, 0x2B55), (0x3030, 0x3030), (0x303D, 0x303D), (0x3297, 0x3299), (0x1F000, 0x1FAFF),
    ];

    /// <returns>Why it is no reaction (<see cref="RefusalCodes.InvalidReaction"/>); null when it is one emoji.</returns>
    public static Refusal? Check(string? text)
    {
        var isOne = text is { Length: > 0 and <= Reaction.MaxEmojiLength }
            && StringInfo.GetNextTextElementLength(text) == text.Length
            && IsEmoji(text);
        return isOne ? null : new Refusal(RefusalCodes.InvalidReaction, "A reaction is one emoji.");
    }

    private static bool IsEmoji(string cluster)
    {
        var first = Rune.GetRuneAt(cluster, 0);
        if (first.Value is (>= '0' and <= '9') or '#' or '*')
        {
            return cluster.EnumerateRunes().Any(r => r.Value == CombiningKeycap);
        }

        return Rune.GetUnicodeCategory(first) == UnicodeCategory.OtherSymbol
            && Array.Exists(Blocks, block => first.Value >= block.First && first.Value <= block.Last);
    }
}
