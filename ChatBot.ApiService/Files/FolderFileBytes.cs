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

    public string Folder => folder;

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
        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "FileBlobs" ("Key") VALUES ({key}) ON CONFLICT ("Key") DO UPDATE SET "Key" = excluded."Key" """,
            cancellationToken);
        var (upload, kept) = (PathOf(uploadKey), PathOf(key));
        if (File.Exists(upload))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(kept)!);
            File.Move(upload, kept, overwrite: true);
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
        if (!key.StartsWith(StoredFile.UploadKeyPrefix, StringComparison.Ordinal))
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

    /// <summary>Read in place, and still to the end if it is erased meanwhile (its message deleted as it downloads).</summary>
    public override Stream OpenRead(string key, long length) =>
        new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);

    /// <summary>Where the bytes under <paramref name="key"/> are: every key is hex, or an upload's, so none leaves the folder.</summary>
    public string PathOf(string key) =>
        key.StartsWith(StoredFile.UploadKeyPrefix, StringComparison.Ordinal)
            ? Path.Combine(folder, Uploads, key[StoredFile.UploadKeyPrefix.Length..].Replace(':', '.'))
            : Path.Combine(folder, key[..2], key);
}
