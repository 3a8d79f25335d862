using ChatBot.ApiService.Refusals;
using ChatBot.Data;

namespace ChatBot.ApiService.Messages;

public static class MessageText
{
    /// <summary>
    /// The text as it is stored: line breaks as <c>\n</c>, trimmed, 1 to <see cref="Message.MaxBodyLength"/>
    /// characters, no control characters but line breaks and tabs (the others can hide or garble text).
    /// </summary>
    /// <returns>Why the text cannot be sent; null when it can.</returns>
    public static Refusal? Normalize(string? text, out string body)
    {
        body = text?.ReplaceLineEndings("\n").Trim() ?? "";
        if (body.Length == 0)
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

    private static Refusal Invalid(string message) =>
        new(RefusalCodes.InvalidMessage, message, new Dictionary<string, object> { ["maxLength"] = Message.MaxBodyLength });
}
