using System.Globalization;
using System.Text;
using ChatBot.ApiService.Refusals;
using ChatBot.Data;

namespace ChatBot.ApiService.Messages;

public static class MessageText
{
    /// <summary>
    /// The text as it is stored (a message's, or an edit's): NFC-normalized, line breaks as <c>\n</c>, trimmed, 1 to <see cref="Message.MaxBodyLength"/>
    /// characters, no control characters but line breaks and tabs (the others can hide or garble text).
    /// </summary>
    /// <param name="mayBeEmpty">Whether no text at all is a text: that of a message that carries files.</param>
    /// <returns>Why the text cannot be sent; null when it can.</returns>
    public static Refusal? Normalize(string? text, out string body, bool mayBeEmpty = false)
    {
        body = "";
        if (!TryNormalize(text ?? "", out var normalized))
        {
            return Invalid("A message must be Unicode text: it has half of a character.");
        }

        body = normalized.ReplaceLineEndings("\n").Trim();
        if (body.Length == 0 && !mayBeEmpty)
        {
            return Invalid("A message cannot be empty.");
        }

        if (body.Length > Message.MaxBodyLength)
        {
            return Invalid($"A message has at most {Message.MaxBodyLength} characters; this one has {body.Length}.");
        }

        if (body.Any(c => char.IsControl(c) && c is not ('\n' or '\t')))
        {
            return Invalid("A message cannot contain control characters other than line breaks and tabs.");
        }

        return null;
    }

    /// <summary>NFC, which fails on text with a lone surrogate.</summary>
    private static bool TryNormalize(string text, out string normalized)
    {
        try
        {
            normalized = text.Normalize(NormalizationForm.FormC);
            return true;
        }
        catch (ArgumentException)
        {
            normalized = "";
            return false;
        }
    }

    /// <summary>How a message starts: its first whole grapheme clusters, <see cref="Message.ReplyExcerptLength"/> characters at most.</summary>
    public static string Excerpt(string body)
    {
        var length = 0;
        while (length < body.Length)
        {
            var next = StringInfo.GetNextTextElementLength(body.AsSpan(length));
            if (length + next > Message.ReplyExcerptLength)
            {
                break;
            }

            length += next;
        }

        return body[..length];
    }

    private static Refusal Invalid(string message) =>
        new(RefusalCodes.InvalidMessage, message, new Dictionary<string, object> { ["maxLength"] = Message.MaxBodyLength });
}
