namespace ChatBot.ApiService.Files;

/// <summary>The <c>Files</c> settings: where their bytes are kept, how large a file may be, how much each person may store, and when what is not needed is erased.</summary>
public sealed class FileStorageOptions
{
    public const string Section = "Files";

    /// <summary>
    /// A folder to keep the files' bytes in, instead of the chat's database: absolute, or from the API's content
    /// root. Every replica must see the same one, and a backup needs it beside the database. Empty: the database.
    /// </summary>
    public string? Folder { get; set; }

    /// <summary>The most bytes one file has.</summary>
    public long MaxBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>The most bytes one person's files have together, sent or not.</summary>
    public long QuotaBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>How long an upload that was never sent is kept: long enough for an outbox that waits for the network.</summary>
    public TimeSpan UnsentLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long one upload may take: 25 MB in that time is 0.12 Mbit/s. One still streaming in after it is refused.</summary>
    public TimeSpan UploadTimeLimit { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How often the files of deleted messages, unsent uploads and uploads cut off half-way are erased; an upload
    /// counts as cut off once its <see cref="UploadTimeLimit"/> is past by this much.
    /// </summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(5);
}
