using ChatBot.ApiService.Refusals;
using ChatBot.Data;

namespace ChatBot.ApiService.Files;

/// <summary>Why a file is refused, each with its code and the data a client acts on.</summary>
public static class FileRefusals
{
    public static Refusal Empty { get; } = new(RefusalCodes.InvalidFile, "A file cannot be empty.");

    public static Refusal NotAPicture { get; } =
        new(RefusalCodes.InvalidFile, "The file is named as a picture, but it is not one that can be shown.");

    public static Refusal NotSendable { get; } = new(
        RefusalCodes.InvalidFile, "A file of this message is not one you uploaded, or it was sent already; upload it again.");

    public static Refusal InvalidName(string message) =>
        new(RefusalCodes.InvalidFile, message, new Dictionary<string, object> { ["maxNameLength"] = StoredFile.MaxNameLength });

    public static Refusal TooManyPixels(long maxPixels) => new(
        RefusalCodes.InvalidFile,
        $"The picture has more than {maxPixels:N0} pixels.",
        new Dictionary<string, object> { ["maxPixels"] = maxPixels });

    public static Refusal TooLarge(long maxBytes) => new(
        RefusalCodes.FileTooLarge,
        $"A file has at most {maxBytes / (1024 * 1024)} MB.",
        new Dictionary<string, object> { ["maxBytes"] = maxBytes });

    public static Refusal TooSlow(TimeSpan limit) => new(
        RefusalCodes.UploadTimedOut,
        $"An upload may take {limit.TotalMinutes:0} minutes; this one took longer. Send it again on a faster connection.",
        new Dictionary<string, object> { ["limitSeconds"] = (int)limit.TotalSeconds });

    public static Refusal QuotaExceeded(long quotaBytes) => new(
        RefusalCodes.StorageQuotaExceeded,
        $"Your files may take {quotaBytes / (1024 * 1024)} MB in all; delete messages with files to make room.",
        new Dictionary<string, object> { ["quotaBytes"] = quotaBytes });

    public static Refusal RepeatedFile { get; } = new(RefusalCodes.InvalidFile, "A message names each of its files once.");

    public static Refusal TooManyFiles { get; } = new(
        RefusalCodes.InvalidFile,
        $"A message carries at most {StoredFile.MaxPerMessage} files.",
        new Dictionary<string, object> { ["maxFiles"] = StoredFile.MaxPerMessage });
}
