using NetVips;

namespace ChatBot.ApiService.Files;

public enum PictureProblem
{
    None,

    /// <summary>Not a picture the library can read: a file that says it is one, but is not, or is cut short.</summary>
    Unreadable,

    /// <summary>This machine has no libvips (the project carries it for Linux x64 only): pictures are files to download here.</summary>
    NoLibrary,

    /// <summary>More pixels than <see cref="PictureEncoder.MaxPixels"/>: refused from its header, before any is decoded.</summary>
    TooManyPixels,
}

/// <summary>A picture's re-encoded copies, and the size of the larger one (its orientation applied); or why there are none.</summary>
public sealed record EncodedPicture(PictureProblem Problem, int Width = 0, int Height = 0, byte[]? Thumbnail = null, byte[]? Preview = null);

/// <summary>
/// Re-encodes pictures with libvips (NetVips): every byte a browser renders of a sender's picture was written
/// here, as WebP, with no metadata (EXIF location and all) and its orientation applied. A 12-megapixel photo
/// takes a second or so of a core and up to about 150 MB while it is decoded (S6 in docs/benchmarks.md).
/// </summary>
public sealed class PictureEncoder
{
    public const string ContentType = "image/webp";

    /// <summary>The long side of a thumbnail, in pixels: sharp at 240 CSS pixels on a screen of two pixels to one.</summary>
    public const int ThumbnailSize = 480;

    /// <summary>The long side of the copy the viewer shows.</summary>
    public const int PreviewSize = 2048;

    /// <summary>
    /// The most pixels a picture has: a 50-megapixel camera's. A header claiming more (a decompression bomb) is
    /// refused before a pixel is decoded; a progressive JPEG or an interlaced PNG this large is decoded whole, in
    /// about 200 MB.
    /// </summary>
    public const long MaxPixels = 50_000_000;

    private const int Quality = 80;

    static PictureEncoder()
    {
        // Nothing cached between pictures (each is read once), and only the loaders libvips trusts with
        // untrusted input: not ImageMagick's, not PDF's. One thread a picture: libvips would take every core,
        // and the API's other work (delivering messages, presence's heartbeats) must not wait for a photo.
        Cache.Max = 0;
        Cache.MaxMem = 0;
        Cache.MaxFiles = 0;
        NetVips.NetVips.BlockUntrusted = true;
        NetVips.NetVips.Concurrency = 1;
    }

    /// <summary>
    /// One picture at a time: decoding a large one takes a core and up to a few hundred megabytes, and twenty
    /// sent at once must not take the memory that uploads stream through.
    /// </summary>
    private readonly SemaphoreSlim _encoding = new(1);

    /// <param name="open">A new stream of the picture's bytes, from the start, for each pass over it.</param>
    public async Task<EncodedPicture> EncodeAsync(Func<Stream> open, CancellationToken cancellationToken)
    {
        if (!ModuleInitializer.VipsInitialized)
        {
            return new EncodedPicture(PictureProblem.NoLibrary);
        }

        await _encoding.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(() => Encode(open), cancellationToken);
        }
        finally
        {
            _encoding.Release();
        }
    }

    private static EncodedPicture Encode(Func<Stream> open)
    {
        try
        {
            using (var stream = open())
            using (var header = Image.NewFromStream(stream, access: Enums.Access.Sequential, failOn: Enums.FailOn.Error))
            {
                if ((long)header.Width * header.Height > MaxPixels)
                {
                    return new EncodedPicture(PictureProblem.TooManyPixels);
                }
            }

            // The original is decoded once: the thumbnail is made from the copy for the viewer, oriented already.
            var (preview, width, height) = Shrink(open, PreviewSize);
            using var fromPreview = Image.ThumbnailBuffer(preview, ThumbnailSize, height: ThumbnailSize, size: Enums.Size.Down);
            return new EncodedPicture(PictureProblem.None, width, height, Encoded(fromPreview), preview);
        }
        catch (VipsException)
        {
            return new EncodedPicture(PictureProblem.Unreadable);
        }
    }

    /// <summary>At most <paramref name="size"/> pixels on its long side (never enlarged), oriented, in sRGB, first frame only.</summary>
    private static (byte[] Bytes, int Width, int Height) Shrink(Func<Stream> open, int size)
    {
        using var stream = open();
        // The loader's own option: ThumbnailStream's failOn is not passed on to it, and a cut-off JPEG would come out grey.
        using var image = Image.ThumbnailStream(stream, size, "[fail_on=error]", height: size, size: Enums.Size.Down, outputProfile: "srgb");
        return (Encoded(image), image.Width, image.Height);
    }

    /// <summary>WebP, with none of the metadata the picture came with.</summary>
    private static byte[] Encoded(Image image) => image.WebpsaveBuffer(q: Quality, keep: Enums.ForeignKeep.None);
}
