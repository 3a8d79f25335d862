using System.Security.Cryptography;
using ChatBot.Data;

namespace ChatBot.ApiService.Files;

/// <summary>A stream was longer than the bytes it may have: what was written of it is still under its key.</summary>
public sealed class TooManyBytesException() : Exception("The stream has more bytes than allowed.");

/// <summary>What was written: how many bytes, their SHA-256 in hex, and their first bytes (what they are).</summary>
public sealed record WrittenBytes(long Length, string Sha256, byte[] Head);

/// <summary>
/// Where the bytes of files are kept, under keys: an upload's own while it streams in, then their SHA-256, so
/// that the same bytes are kept once. In the chat's database (<see cref="DatabaseFileBytes"/>), or in the
/// <c>Files:Folder</c> (<see cref="FolderFileBytes"/>). No file is ever held whole in memory.
/// </summary>
public abstract class FileBytes
{
    /// <summary>Writes the stream's bytes under <paramref name="key"/>, hashing them as they go.</summary>
    /// <exception cref="TooManyBytesException">The stream has more than <paramref name="maxBytes"/>.</exception>
    public abstract Task<WrittenBytes> WriteAsync(ChatDbContext db, string key, Stream source, long maxBytes, CancellationToken cancellationToken);

    /// <summary>
    /// Makes the bytes under <paramref name="uploadKey"/> the ones under <paramref name="key"/>, kept once however
    /// many files have them. The caller holds a serializable transaction around it, in which it names the key.
    /// </summary>
    public abstract Task KeepAsync(ChatDbContext db, string uploadKey, string key, CancellationToken cancellationToken);

    /// <summary>
    /// Erases the bytes under <paramref name="key"/>: an upload's, or, in a serializable transaction that has
    /// found no file naming them, a hash's.
    /// </summary>
    public abstract Task EraseAsync(ChatDbContext db, string key, CancellationToken cancellationToken);

    /// <summary>The <paramref name="length"/> bytes under <paramref name="key"/>, as a seekable stream (for ranges).</summary>
    public abstract Stream OpenRead(string key, long length);

    /// <summary>
    /// Erases bytes written before <paramref name="writtenBefore"/> that no file names: what a process that died
    /// between keeping bytes and its transaction's end left behind. None in the database: its chunks are written
    /// and renamed in its own transactions.
    /// </summary>
    /// <returns>How many keys' bytes were erased.</returns>
    public virtual Task<int> EraseStrayAsync(ChatDbContext db, DateTimeOffset writtenBefore, CancellationToken cancellationToken) =>
        Task.FromResult(0);

    /// <summary>
    /// Reads the source through one buffer of <see cref="FileChunk.Size"/>, hashing it, and hands each full
    /// buffer (the last one maybe shorter) to <paramref name="write"/> with its count and its place: 0, 1, 2, ….
    /// </summary>
    protected static async Task<WrittenBytes> CopyAsync(
        Stream source, long maxBytes, Func<byte[], int, int, Task> write, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[FileChunk.Size];
        byte[] head = [];
        var length = 0L;
        for (var index = 0; ; index++)
        {
            var read = await source.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
            if (read == 0)
            {
                return new WrittenBytes(length, Convert.ToHexStringLower(hash.GetHashAndReset()), head);
            }

            length += read;
            if (length > maxBytes)
            {
                throw new TooManyBytesException();
            }

            hash.AppendData(buffer, 0, read);
            head = index == 0 ? buffer[..Math.Min(read, FileTypes.HeadLength)] : head;
            await write(buffer, read, index);
        }
    }
}
