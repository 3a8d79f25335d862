using System.Data;
using ChatBot.ApiService.Refusals;
using ChatBot.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatBot.ApiService.Files;

/// <summary>
/// Stores an upload as it streams in: its bytes a chunk at a time under a key of its own, then, once all are in
/// and checked, under their hash (stored once, however many times they are sent), a picture with its re-encoded
/// copies. A refused or cut-off upload leaves nothing: what it wrote is erased here, or, if this process dies
/// first, by <see cref="FileJanitor"/>.
/// </summary>
public sealed partial class FileUploads(
    IDbContextFactory<ChatDbContext> contexts,
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

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var used = await db.Files.Where(f => f.OwnerId == ownerId).SumAsync(f => f.Length, cancellationToken);
        if (used + (contentLength ?? 0) > limits.QuotaBytes)
        {
            return (null, FileRefusals.QuotaExceeded(limits.QuotaBytes));
        }

        var file = new StoredFile
        {
            Id = Guid.CreateVersion7(),
            OwnerId = ownerId,
            Name = storedName,
            ContentType = FileTypes.Unknown,
            UploadedAt = StoredTime.UtcNow(time),
        };
        db.Files.Add(file);
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();

        var uploadKey = StoredFile.UploadKey(file.Id);
        var kept = false;
        try
        {
            WrittenBytes written;
            try
            {
                written = await FileBytes.WriteAsync(db, uploadKey, body, limits.MaxBytes, cancellationToken);
            }
            catch (TooManyBytesException)
            {
                return (null, FileRefusals.TooLarge(limits.MaxBytes));
            }

            file.Length = written.Length;
            file.ContentType = FileTypes.Of(written.Head);
            var refused = written.Length == 0 ? FileRefusals.Empty
                : used + written.Length > limits.QuotaBytes ? FileRefusals.QuotaExceeded(limits.QuotaBytes)
                : FileTypes.NameClaimsPicture(storedName) && !FileTypes.IsPicture(file.ContentType) ? FileRefusals.NotAPicture
                : null;
            refused ??= FileTypes.IsPicture(file.ContentType) ? await EncodePictureAsync(db, file, written, uploadKey, cancellationToken) : null;
            if (refused is not null)
            {
                return (null, refused);
            }

            await KeepAsync(db, file, uploadKey, written.Sha256, cancellationToken);
            kept = true;
            return (FileDto.From(file), null);
        }
        finally
        {
            if (!kept)
            {
                await ForgetAsync(db, file.Id, uploadKey);
            }
        }
    }

    /// <summary>
    /// A picture gets its thumbnail and its copy for the viewer, re-encoded (its metadata gone, its orientation
    /// applied), or those of the same bytes stored before.
    /// </summary>
    /// <returns>Why the picture is refused; null when it has its copies (or, a format the library cannot read, is kept as a plain file).</returns>
    private async Task<Refusal?> EncodePictureAsync(ChatDbContext db, StoredFile file, WrittenBytes written, string uploadKey, CancellationToken cancellationToken)
    {
        var before = await db.Files.AsNoTracking()
            .Where(f => f.Sha256 == written.Sha256 && f.PreviewSha256 != null)
            .FirstOrDefaultAsync(cancellationToken);
        if (before is not null)
        {
            (file.Width, file.Height, file.ThumbnailSha256, file.PreviewSha256) = (before.Width, before.Height, before.ThumbnailSha256, before.PreviewSha256);
            return null;
        }

        var encoded = await pictures.EncodeAsync(() => FileBytes.OpenRead(contexts, uploadKey, written.Length), cancellationToken);
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

        file.Width = encoded.Width;
        file.Height = encoded.Height;
        file.ThumbnailSha256 = await FileBytes.WriteOnceAsync(db, encoded.Thumbnail!, cancellationToken);
        file.PreviewSha256 = await FileBytes.WriteOnceAsync(db, encoded.Preview!, cancellationToken);
        return null;
    }

    /// <summary>
    /// The upload's bytes go under their hash and the file is finished, in one serializable transaction:
    /// <see cref="FileJanitor"/> never erases bytes that a file finished meanwhile has come to share.
    /// </summary>
    private static Task KeepAsync(ChatDbContext db, StoredFile file, string uploadKey, string sha256, CancellationToken cancellationToken) =>
        Serializably.RunAsync(db, async () =>
        {
            await FileBytes.KeepAsync(db, uploadKey, sha256, cancellationToken);
            var finished = await db.Files.Where(f => f.Id == file.Id).ExecuteUpdateAsync(
                s => s.SetProperty(f => f.Sha256, sha256)
                    .SetProperty(f => f.Length, file.Length)
                    .SetProperty(f => f.ContentType, file.ContentType)
                    .SetProperty(f => f.Width, file.Width)
                    .SetProperty(f => f.Height, file.Height)
                    .SetProperty(f => f.ThumbnailSha256, file.ThumbnailSha256)
                    .SetProperty(f => f.PreviewSha256, file.PreviewSha256),
                cancellationToken);
            // Gone: an upload slower than the janitor's patience was taken for one cut off.
            file.Sha256 = finished == 1 ? sha256 : throw new InvalidOperationException($"The upload {file.Id} was erased before it finished.");
        }, cancellationToken);

    /// <summary>Erases what a refused or cut-off upload wrote; whatever this cannot erase now, the janitor will.</summary>
    private async Task ForgetAsync(ChatDbContext db, Guid fileId, string uploadKey)
    {
        try
        {
            await FileBytes.EraseAsync(db, uploadKey, CancellationToken.None);
            await db.Files.Where(f => f.Id == fileId).ExecuteDeleteAsync(CancellationToken.None);
        }
        catch (Exception exception)
        {
            LogForgetFailed(exception, fileId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Erasing the unfinished upload {FileId} failed; the janitor erases it later")]
    private partial void LogForgetFailed(Exception exception, Guid fileId);
}
