using ChatBot.Data;

namespace ChatBot.ApiService.Messages;

public static class MessageText
{
    /// <summary>The text as it is stored: trimmed, 1 to <see cref="Message.MaxBodyLength"/> characters.</summary>
    /// <returns>The error to show instead, when the text cannot be sent.</returns>
    public static string? TryNormalize(string? text, out string body)
    {
        body = text?.Trim() ?? "";
        if (body.Length == 0)
        {
            return "A message cannot be empty.";
        }

        if (body.Length > Message.MaxBodyLength)
        {
            return $"A message has at most {Message.MaxBodyLength} characters; this one has {body.Length}.";
        }

        return null;
    }
}
