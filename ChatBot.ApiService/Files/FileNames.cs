using System.Globalization;
using System.Text;
using ChatBot.ApiService.Refusals;
using ChatBot.Data;

namespace ChatBot.ApiService.Files;

/// <summary>The one rule of a file's name: what people see in the chat and what a download is saved as.</summary>
public static class FileNames
{
    /// <summary>
    /// The name as stored: NFC-normalized and trimmed, 1 to <see cref="StoredFile.MaxNameLength"/> characters,
    /// no folder in it (no <c>/</c> or <c>\</c>, not <c>.</c> or <c>..</c>), no control characters and no
    /// formatting ones (a right-to-left override shows <c>invoice‮fdp.exe</c> as a PDF).
    /// </summary>
    /// <returns>Why the name cannot be used; null when it can.</returns>
    public static Refusal? Check(string? name, out string stored)
    {
        stored = "";
        string normalized;
        try
        {
            normalized = (name ?? "").Normalize(NormalizationForm.FormC).Trim();
        }
        catch (ArgumentException)
        {
            return FileRefusals.InvalidName("A file's name must be Unicode text: it has half of a character.");
        }

        if (normalized.Length is 0 || normalized.Length > StoredFile.MaxNameLength)
        {
            return FileRefusals.InvalidName($"A file's name has 1 to {StoredFile.MaxNameLength} characters; this one has {normalized.Length}.");
        }

        if (normalized.IndexOfAny(['/', '\\']) >= 0 || normalized is "." or "..")
        {
            return FileRefusals.InvalidName("A file's name cannot name a folder: no / or \\ in it.");
        }

        if (normalized.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) == UnicodeCategory.Format))
        {
            return FileRefusals.InvalidName("A file's name cannot contain control characters or invisible formatting ones.");
        }

        stored = normalized;
        return null;
    }
}
