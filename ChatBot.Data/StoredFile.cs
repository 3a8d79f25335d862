namespace ChatBot.Data;

/// <summary>
/// A file someone uploaded: its name and type, and where its bytes are (<see cref="FileChunk"/>, by
/// <see cref="Sha256"/>: the same bytes sent twice are stored once). Once sent, it belongs to one message
/// (<see cref="ConversationId"/>, <see cref="MessageSeq"/>) and is seen by whoever sees that message.
/// </summary>
public sealed class StoredFile
{
    /// <summary>The most characters a file's name has.</summary>
    public const int MaxNameLength = 255;

    /// <summary>The most files one message carries.</summary>
    public const int MaxPerMessage = 10;

    public Guid Id { get; set; }

    /// <summary>Who uploaded it: the only one who may send it, and whose storage quota it counts against.</summary>
    public required string OwnerId { get; set; }

    /// <summary>The name as the uploader gave it, made safe to show and to download under.</summary>
    public required string Name { get; set; }

    /// <summary>The type its first bytes say it is, never the name's or the client's.</summary>
    public required string ContentType { get; set; }

    public long Length { get; set; }

    /// <summary>The SHA-256 of its bytes in hex: the key of its chunks. Null while the upload is still streaming in.</summary>
    public string? Sha256 { get; set; }

    public DateTimeOffset UploadedAt { get; set; }

    /// <summary>Of a picture: its size as shown (its orientation applied); null for any other file.</summary>
    public int? Width { get; set; }

    /// <inheritdoc cref="Width"/>
    public int? Height { get; set; }

    /// <summary>Of a picture: the key of its re-encoded thumbnail's bytes.</summary>
    public string? ThumbnailSha256 { get; set; }

    /// <summary>Of a picture: how many bytes its thumbnail has.</summary>
    public long? ThumbnailLength { get; set; }

    /// <summary>Of a picture: the key of its re-encoded copy for the viewer.</summary>
    public string? PreviewSha256 { get; set; }

    /// <summary>Of a picture: how many bytes its copy for the viewer has.</summary>
    public long? PreviewLength { get; set; }

    /// <summary>The conversation of the message it was sent with; null until then.</summary>
    public Guid? ConversationId { get; set; }

    /// <summary>The seq of the message it was sent with; null until then.</summary>
    public long? MessageSeq { get; set; }

    /// <summary>Its place among its message's files, as the sender listed them: 0, 1, 2, …</summary>
    public int Position { get; set; }

    /// <summary>Whether it is shown inline: a picture that was re-encoded here.</summary>
    public bool IsPicture => PreviewSha256 is not null;

    /// <summary>What every upload's key starts with; a hash never does.</summary>
    public const string UploadKeyPrefix = "upload:";

    /// <summary>
    /// The key of an upload's bytes while they stream in, before their hash is known; with a
    /// <paramref name="copy"/>, of a picture's re-encoded copy until the upload is kept.
    /// </summary>
    public static string UploadKey(Guid fileId, string? copy = null) =>
        copy is null ? $"{UploadKeyPrefix}{fileId:N}" : $"{UploadKeyPrefix}{fileId:N}:{copy}";

    /// <summary>The file whose upload's key this is (of its bytes or a copy's); null when it is no upload's.</summary>
    public static Guid? FileIdOf(string key) =>
        key.StartsWith(UploadKeyPrefix, StringComparison.Ordinal)
            && Guid.TryParseExact(key.AsSpan(UploadKeyPrefix.Length, Math.Min(32, key.Length - UploadKeyPrefix.Length)), "N", out var id)
            && UploadKeys(id).Contains(key)
            ? id
            : null;

    /// <summary>Every key an upload writes under until it is kept: what erasing an unfinished one erases.</summary>
    public static IEnumerable<string> UploadKeys(Guid fileId) => [UploadKey(fileId), UploadKey(fileId, ThumbnailCopy), UploadKey(fileId, PreviewCopy)];

    public const string ThumbnailCopy = "thumbnail";

    public const string PreviewCopy = "preview";
}
