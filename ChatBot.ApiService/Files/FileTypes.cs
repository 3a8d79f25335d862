namespace ChatBot.ApiService.Files;

/// <summary>
/// What a file is, by its first bytes: never by its name or by what the client says, so a script named
/// <c>photo.jpg</c> is no picture, and an SVG or HTML page is only ever bytes to download.
/// </summary>
public static class FileTypes
{
    /// <summary>How many bytes from the start the signatures below need.</summary>
    public const int HeadLength = 16;

    public const string Unknown = "application/octet-stream";

    /// <summary>The types shown inline, once re-encoded: the formats the image library reads.</summary>
    private static readonly HashSet<string> Pictures = ["image/jpeg", "image/png", "image/gif", "image/webp", "image/heic", "image/avif"];

    private static readonly HashSet<string> PictureExtensions = [".jpg", ".jpeg", ".jfif", ".png", ".gif", ".webp", ".heic", ".heif", ".avif"];

    private static readonly (string Type, int Offset, byte[] Signature)[] Signatures =
    [
        ("image/jpeg", 0, [0xFF, 0xD8, 0xFF]),
        ("image/png", 0, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]),
        ("image/gif", 0, "GIF87a"u8.ToArray()),
        ("image/gif", 0, "GIF89a"u8.ToArray()),
        ("image/heic", 4, "ftypheic"u8.ToArray()),
        ("image/heic", 4, "ftypheix"u8.ToArray()),
        ("image/heic", 4, "ftypheis"u8.ToArray()),
        ("image/heic", 4, "ftyphevc"u8.ToArray()),
        ("image/heic", 4, "ftyphevx"u8.ToArray()),
        ("image/avif", 4, "ftypavif"u8.ToArray()),
        ("image/avif", 4, "ftypavis"u8.ToArray()),
        // The brand of any HEIF, HEVC- or AV1-coded: the library reads the one it can.
        ("image/heic", 4, "ftypmif1"u8.ToArray()),
        ("image/heic", 4, "ftypmsf1"u8.ToArray()),
        ("video/mp4", 4, "ftypisom"u8.ToArray()),
        ("video/mp4", 4, "ftypmp42"u8.ToArray()),
        ("application/pdf", 0, "%PDF-"u8.ToArray()),
        ("application/zip", 0, [(byte)'P', (byte)'K', 0x03, 0x04]),
    ];

    /// <summary>The type the file's first bytes say; <see cref="Unknown"/> for any other.</summary>
    public static string Of(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return "image/webp";
        }

        foreach (var (type, offset, signature) in Signatures)
        {
            if (head.Length >= offset + signature.Length && head.Slice(offset, signature.Length).SequenceEqual(signature))
            {
                return type;
            }
        }

        return Unknown;
    }

    public static bool IsPicture(string contentType) => Pictures.Contains(contentType);

    /// <summary>Whether the name says the file is a picture: then it must be one.</summary>
    public static bool NameClaimsPicture(string name) => PictureExtensions.Contains(Path.GetExtension(name).ToLowerInvariant());
}
