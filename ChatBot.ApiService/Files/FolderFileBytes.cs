using ChatBot.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.ApiService.Files;

/// <summary>
/// Bytes in files on a disk, under <paramref name="folder"/> (the <c>Files:Folder</c> setting): an upload's in
/// <c>uploads/</c>, kept bytes as <c>ab/abcdef…</c> by their hash. Every replica must see the same folder. A file
/// is only ever renamed into its hash's place whole, so whatever is there has that hash.
/// </summary>
/// <remarks>
/// The rename and the erasing are not in the database's transaction, so each is done holding the hash's
/// <see cref="FileBlob"/> row: an upload keeping some bytes and the sweep erasing them wait for each other.
/// </remarks>
public sealed class FolderFileBytes(string folder) : FileBytes
{
    private const string Uploads = "uploads";

    /// <summary>Written and flushed to the disk before any row names them.</summary>
    public override async Task<WrittenBytes> WriteAsync(ChatDbContext db, string key, Stream source, long maxBytes, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
        var written = await CopyAsync(source, maxBytes, (buffer, count, _) => file.WriteAsync(buffer.AsMemory(0, count), cancellationToken).AsTask(), cancellationToken);
        file.Flush(flushToDisk: true);
        return written;
    }

    /// <summary>
    /// Holding the hash's row, renames the upload into the hash's place, over the same bytes if they are there:
    /// that also puts back bytes a sweep erased before its transaction failed. When the upload is not there any
    /// more, this is the transaction again after a failed one that had renamed it already.
    /// </summary>
    public override async Task KeepAsync(ChatDbContext db, string uploadKey, string key, CancellationToken cancellationToken)
    {
        await HoldAsync(db, key, cancellationToken);
        var (upload, kept) = (PathOf(uploadKey), PathOf(key));
        if (File.Exists(upload))
        {
            var place = Path.GetDirectoryName(kept)!;
            var newPlace = !Directory.Exists(place);
            Directory.CreateDirectory(place);
            File.Move(upload, kept, overwrite: true);
            // On the disk before the transaction that names the bytes commits: the new name, and a new folder's.
            FolderFlush.Flush(place);
            if (newPlace)
            {
                FolderFlush.Flush(folder);
            }
        }
        else if (!File.Exists(kept))
        {
            throw new IOException($"The bytes of upload {uploadKey} are gone.");
        }
    }

    /// <summary>
    /// Holding the hash's row (it deletes it) when the key is a hash. The file goes before the transaction ends:
    /// were it to go after, a new upload of the same bytes could be renamed into its place in between, and lost.
    /// </summary>
    public override async Task EraseAsync(ChatDbContext db, string key, CancellationToken cancellationToken)
    {
        if (StoredFile.FileIdOf(key) is null)
        {
            await db.FileBlobs.Where(b => b.Key == key).ExecuteDeleteAsync(cancellationToken);
        }

        try
        {
            File.Delete(PathOf(key));
        }
        catch (DirectoryNotFoundException)
        {
            // Never written: nothing to erase.
        }
    }

    /// <summary>
    /// Each candidate is looked at again in a transaction of its own, holding its hash's row, as the sweep erases:
    /// an upload keeping the same bytes meanwhile keeps them.
    /// </summary>
    public override async Task<int> EraseStrayAsync(ChatDbContext db, DateTimeOffset writtenBefore, CancellationToken cancellationToken)
    {
        var erased = 0;
        foreach (var keys in KeysWrittenBefore(writtenBefore.UtcDateTime).Chunk(500))
        {
            var named = await NamedAsync(db, keys, cancellationToken);
            foreach (var key in keys.Where(key => !named.Contains(key)))
            {
                var stray = false;
                await Serializably.RunAsync(db, async () =>
                {
                    if (StoredFile.FileIdOf(key) is null)
                    {
                        await HoldAsync(db, key, cancellationToken);
                    }

                    stray = (await NamedAsync(db, [key], cancellationToken)).Count == 0;
                    if (stray)
                    {
                        await EraseAsync(db, key, cancellationToken);
                    }
                }, cancellationToken);
                erased += stray ? 1 : 0;
            }
        }

        return erased;
    }

    /// <summary>Read in place, and still to the end if it is erased meanwhile (its message deleted as it downloads).</summary>
    public override Stream OpenRead(string key, long length) =>
        new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>Locks the hash's row, made if need be, until the transaction ends.</summary>
    private static Task HoldAsync(ChatDbContext db, string key, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "FileBlobs" ("Key") VALUES ({key}) ON CONFLICT ("Key") DO UPDATE SET "Key" = excluded."Key" """,
            cancellationToken);

    /// <summary>Which of the keys a file names: as its bytes or a copy's, or, an upload's, as the file streaming in.</summary>
    private static async Task<HashSet<string>> NamedAsync(ChatDbContext db, string[] keys, CancellationToken cancellationToken)
    {
        var uploads = keys.Select(StoredFile.FileIdOf).OfType<Guid>().ToList();
        var named = await db.Files
            .Where(f => keys.Contains(f.Sha256) || keys.Contains(f.ThumbnailSha256) || keys.Contains(f.PreviewSha256) || uploads.Contains(f.Id))
            .Select(f => new { f.Id, f.Sha256, f.ThumbnailSha256, f.PreviewSha256 })
            .ToListAsync(cancellationToken);
        return named.SelectMany(f => new[] { f.Sha256, f.ThumbnailSha256, f.PreviewSha256 }.Concat(StoredFile.UploadKeys(f.Id)))
            .OfType<string>()
            .Where(keys.Contains)
            .ToHashSet();
    }

    /// <summary>The keys of the bytes in the folder last written before then; anything else there is left alone.</summary>
    private IEnumerable<string> KeysWrittenBefore(DateTime writtenBefore) =>
        from path in Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories) : []
        let key = KeyOf(path)
        where key is not null && PathOf(key) == path && File.GetLastWriteTimeUtc(path) < writtenBefore
        select key;

    private string? KeyOf(string path) =>
        Path.GetFileName(Path.GetDirectoryName(path)) == Uploads
            ? StoredFile.UploadKeyPrefix + Path.GetFileName(path).Replace('.', ':')
            : Path.GetFileName(path) is { Length: 64 } name && name.All(char.IsAsciiHexDigitLower) ? name : null;

    /// <summary>Where the bytes under <paramref name="key"/> are: every key is hex, or an upload's, so none leaves the folder.</summary>
    public string PathOf(string key) =>
        key.StartsWith(StoredFile.UploadKeyPrefix, StringComparison.Ordinal)
            ? Path.Combine(folder, Uploads, key[StoredFile.UploadKeyPrefix.Length..].Replace(':', '.'))
            : Path.Combine(folder, key[..2], key);
}
