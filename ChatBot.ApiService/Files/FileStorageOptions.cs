namespace ChatBot.ApiService.Files;

/// <summary>The <c>Files</c> settings: how large a file may be, how much each person may store, and when what is not needed is erased.</summary>
public sealed class FileStorageOptions
{
    public const string Section = "Files";

    /// <summary>The most bytes one file has.</summary>
    public long MaxBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>The most bytes one person's files have together, sent or not.</summary>
    public long QuotaBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>How long an upload that was never sent is kept: long enough for an outbox that waits for the network.</summary>
    public TimeSpan UnsentLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How often the files of deleted messages, unsent uploads and uploads cut off half-way are erased; an upload
    /// still streaming in is left alone for this long.
    /// </summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(5);
}
