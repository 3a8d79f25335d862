using ChatBot.ApiService.Refusals;
using ChatBot.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatBot.ApiService.Files;

/// <summary>
/// Stores an upload as it streams in: its bytes under keys of its own (a picture's re-encoded
/// copies too), then, once all are in and checked, all of them under their hashes in one transaction (stored once,
/// however many times they are sent). A refused or cut-off upload leaves nothing: what it wrote is erased here,
/// or, if this process dies first, by <see cref="FileJanitor"/>.
/// </summary>
public sealed partial class FileUploads(
    IDbContextFactory<ChatDbContext> contexts,
    FileBytes bytes,
    PictureEncoder pictures,
    IOptions<FileStorageOptions> options,
    TimeProvider time,
    ILogger<FileUploads> logger)
{
    /// <returns>The stored file, or why it was refused (and nothing of it is stored).</returns>
    public async Task<(FileDto? File, Refusal? Refused)> UploadAsync(
        string ownerId, string? name, long? contentLength, Stream body, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (FileNames.Check(name, out var storedName) is { } badName)
        {
            return (null, badName);
        }

        if (contentLength == 0)
        {
            return (null, FileRefusals.Empty);
        }

        if (contentLength > limits.MaxBytes)
        {
            return (null, FileRefusals.TooLarge(limits.MaxBytes));
        }

        // The upload holds its share of the quota while it streams (as much as it may be, when it does not say),
        // so that uploads at once cannot pass the quota together.
        var file = new StoredFile
        {
            Id = Guid.CreateVersion7(),
            OwnerId = ownerId,
            Name = storedName,
            ContentType = FileTypes.Unknown,
            Length = contentLength ?? limits.MaxBytes,
            UploadedAt = StoredTime.UtcNow(time),
        };
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (await UsedByOthersAsync(db, file, cancellationToken) + file.Length > limits.QuotaBytes)
        {
            return (null, FileRefusals.QuotaExceeded(limits.QuotaBytes));
        }

        db.Files.Add(file);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limits.UploadTimeLimit);
        var kept = false;
        try
        {
            var refused = await StoreAsync(db, file, body, deadline.Token);
            kept = refused is null;
            return kept ? (FileDto.From(file), null) : (null, refused);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (null, FileRefusals.TooSlow(limits.UploadTimeLimit));
        }
        finally
        {
            if (!kept)
            {
                await ForgetAsync(db, file.Id);
            }
        }
    }

    /// <returns>Why the file is refused; null when it is kept.</returns>
    private async Task<Refusal?> StoreAsync(ChatDbContext db, StoredFile file, Stream body, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        WrittenBytes written;
        try
        {
            written = await bytes.WriteAsync(db, StoredFile.UploadKey(file.Id), body, limits.MaxBytes, cancellationToken);
        }
        catch (TooManyBytesException)
        {
            return FileRefusals.TooLarge(limits.MaxBytes);
        }

        file.Length = written.Length;
        file.ContentType = FileTypes.Of(written.Head);
        file.Sha256 = written.Sha256;
        var refused = written.Length == 0 ? FileRefusals.Empty
            : FileTypes.NameClaimsPicture(file.Name) && !FileTypes.IsPicture(file.ContentType) ? FileRefusals.NotAPicture
            : null;
        if (refused is null && FileTypes.IsPicture(file.ContentType))
        {
            refused = await EncodePictureAsync(db, file, cancellationToken);
        }

        return refused ?? await KeepAsync(db, file, cancellationToken);
    }

    /// <summary>A picture gets its thumbnail and its copy for the viewer, re-encoded (its metadata gone, its orientation applied).</summary>
    /// <returns>Why the picture is refused; null when it has its copies (or, a format the library cannot read, is kept as a plain file).</returns>
    private async Task<Refusal?> EncodePictureAsync(ChatDbContext db, StoredFile file, CancellationToken cancellationToken)
    {
        var encoded = await pictures.EncodeAsync(() => bytes.OpenRead(StoredFile.UploadKey(file.Id), file.Length), cancellationToken);
        switch (encoded.Problem)
        {
            case PictureProblem.TooManyPixels:
                return FileRefusals.TooManyPixels(PictureEncoder.MaxPixels);
            case PictureProblem.NoLibrary:
            case PictureProblem.Unreadable when file.ContentType is "image/heic" or "image/avif":
                // A format this build of the library may not read: a file to download, not a picture.
                return null;
            case PictureProblem.Unreadable:
                return FileRefusals.NotAPicture;
        }

        (file.Width, file.Height) = (encoded.Width, encoded.Height);
        var thumbnail = await WriteCopyAsync(db, file, StoredFile.ThumbnailCopy, encoded.Thumbnail!, cancellationToken);
        var preview = await WriteCopyAsync(db, file, StoredFile.PreviewCopy, encoded.Preview!, cancellationToken);
        (file.ThumbnailSha256, file.ThumbnailLength) = (thumbnail.Sha256, thumbnail.Length);
        (file.PreviewSha256, file.PreviewLength) = (preview.Sha256, preview.Length);
        return null;
    }

    private Task<WrittenBytes> WriteCopyAsync(ChatDbContext db, StoredFile file, string copy, byte[] encoded, CancellationToken cancellationToken) =>
        bytes.WriteAsync(db, StoredFile.UploadKey(file.Id, copy), new MemoryStream(encoded, writable: false), encoded.Length, cancellationToken);

    /// <summary>
    /// In one serializable transaction: the quota checked with the file's own length, the upload's bytes (and
    /// copies) put under their hashes, and the file finished. <see cref="FileJanitor"/> never erases bytes that
    /// a file finished meanwhile has come to share, nor two uploads at once pass the quota together.
    /// </summary>
    /// <returns>Why the file is refused; null when it is kept.</returns>
    private async Task<Refusal?> KeepAsync(ChatDbContext db, StoredFile file, CancellationToken cancellationToken)
    {
        Refusal? refused = null;
        await Serializably.RunAsync(db, async () =>
        {
            // Gone only if the janitor took it for cut off, which it does once the upload's time is long over.
            if (!await db.Files.AnyAsync(f => f.Id == file.Id, cancellationToken))
            {
                refused = FileRefusals.TooSlow(options.Value.UploadTimeLimit);
                return;
            }

            if (await UsedByOthersAsync(db, file, cancellationToken) + file.Length > options.Value.QuotaBytes)
            {
                // Its share is given back in the same transaction: uploads keeping after it count without it,
                // or uploads at once could all be refused where some fit.
                await EraseUploadAsync(db, file.Id, cancellationToken);
                refused = FileRefusals.QuotaExceeded(options.Value.QuotaBytes);
                return;
            }

            await bytes.KeepAsync(db, StoredFile.UploadKey(file.Id), file.Sha256!, cancellationToken);
            if (file.ThumbnailSha256 is not null)
            {
                await bytes.KeepAsync(db, StoredFile.UploadKey(file.Id, StoredFile.ThumbnailCopy), file.ThumbnailSha256, cancellationToken);
                await bytes.KeepAsync(db, StoredFile.UploadKey(file.Id, StoredFile.PreviewCopy), file.PreviewSha256!, cancellationToken);
            }

            await db.Files.Where(f => f.Id == file.Id).ExecuteUpdateAsync(
                s => s.SetProperty(f => f.Sha256, file.Sha256)
                    .SetProperty(f => f.Length, file.Length)
                    .SetProperty(f => f.ContentType, file.ContentType)
                    .SetProperty(f => f.Width, file.Width)
                    .SetProperty(f => f.Height, file.Height)
                    .SetProperty(f => f.ThumbnailSha256, file.ThumbnailSha256)
                    .SetProperty(f => f.ThumbnailLength, file.ThumbnailLength)
                    .SetProperty(f => f.PreviewSha256, file.PreviewSha256)
                    .SetProperty(f => f.PreviewLength, file.PreviewLength),
                cancellationToken);
            refused = null;
        }, cancellationToken);
        return refused;
    }

    /// <summary>What the owner's other files take, those still streaming in at their share.</summary>
    private static Task<long> UsedByOthersAsync(ChatDbContext db, StoredFile file, CancellationToken cancellationToken) =>
        db.Files.Where(f => f.OwnerId == file.OwnerId && f.Id != file.Id).SumAsync(f => f.Length, cancellationToken);

    /// <summary>Erases what a refused or cut-off upload wrote; whatever this cannot erase now, the janitor will.</summary>
    private async Task ForgetAsync(ChatDbContext db, Guid fileId)
    {
        try
        {
            await EraseUploadAsync(db, fileId, CancellationToken.None);
        }
        catch (Exception exception)
        {
            LogForgetFailed(exception, fileId);
        }
    }

    /// <summary>The upload's bytes, then its row: what is left if this fails half-way, the janitor finds by the row.</summary>
    private async Task EraseUploadAsync(ChatDbContext db, Guid fileId, CancellationToken cancellationToken)
    {
        foreach (var key in StoredFile.UploadKeys(fileId))
        {
            await bytes.EraseAsync(db, key, cancellationToken);
        }

        await db.Files.Where(f => f.Id == fileId).ExecuteDeleteAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Erasing the unfinished upload {FileId} failed; the janitor erases it later")]
    private partial void LogForgetFailed(Exception exception, Guid fileId);
}
