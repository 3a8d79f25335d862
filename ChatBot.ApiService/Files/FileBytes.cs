using System.Data.Common;
using System.Security.Cryptography;
using ChatBot.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.ApiService.Files;

/// <summary>A stream was longer than the bytes it may have: what was written of it is still under its key.</summary>
public sealed class TooManyBytesException() : Exception("The stream has more bytes than allowed.");

/// <summary>What was written: how many bytes, their SHA-256 in hex, and their first bytes (what they are).</summary>
public sealed record WrittenBytes(long Length, string Sha256, byte[] Head);

/// <summary>
/// Bytes in the chat's database, as <see cref="FileChunk"/>s under a key: written from a stream and read back as
/// one, a chunk at a time, so that no file is ever held whole in memory.
/// </summary>
public static class FileBytes
{
    /// <summary>
    /// Writes the stream's bytes under <paramref name="key"/>, a chunk per statement (no long write lock), hashing
    /// them as they go, through one buffer: the database has copied a chunk once its statement is done.
    /// </summary>
    /// <exception cref="TooManyBytesException">The stream has more than <paramref name="maxBytes"/>.</exception>
    public static async Task<WrittenBytes> WriteAsync(ChatDbContext db, string key, Stream source, long maxBytes, CancellationToken cancellationToken)
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
                break;
            }

            length += read;
            if (length > maxBytes)
            {
                throw new TooManyBytesException();
            }

            var data = read == buffer.Length ? buffer : buffer[..read];
            hash.AppendData(data);
            head = index == 0 ? data[..Math.Min(read, FileTypes.HeadLength)] : head;
            db.FileChunks.Add(new FileChunk { Key = key, Index = index, Data = data });
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        return new WrittenBytes(length, Convert.ToHexStringLower(hash.GetHashAndReset()), head);
    }

    /// <summary>
    /// Makes the bytes under <paramref name="uploadKey"/> the ones under <paramref name="key"/>: renamed, or, when the
    /// same bytes are stored already, dropped (stored once). The caller holds a serializable transaction around it.
    /// </summary>
    public static async Task KeepAsync(ChatDbContext db, string uploadKey, string key, CancellationToken cancellationToken)
    {
        if (await ExistAsync(db, key, cancellationToken))
        {
            await EraseAsync(db, uploadKey, cancellationToken);
            return;
        }

        await db.FileChunks.Where(c => c.Key == uploadKey).ExecuteUpdateAsync(s => s.SetProperty(c => c.Key, key), cancellationToken);
    }

    public static Task<bool> ExistAsync(ChatDbContext db, string key, CancellationToken cancellationToken) =>
        db.FileChunks.AnyAsync(c => c.Key == key && c.Index == 0, cancellationToken);

    public static Task<int> EraseAsync(ChatDbContext db, string key, CancellationToken cancellationToken) =>
        db.FileChunks.Where(c => c.Key == key).ExecuteDeleteAsync(cancellationToken);

    /// <summary>The bytes under <paramref name="key"/>, <paramref name="length"/> of them, as a seekable stream (for ranges) that owns its own context.</summary>
    public static Stream OpenRead(IDbContextFactory<ChatDbContext> contexts, string key, long length) => new ChunkStream(contexts, key, length);

    /// <summary>
    /// Reads a chunk when a read reaches it, into one buffer kept for the stream (a download allocates no chunk),
    /// and keeps it: sequential reads fetch each chunk once.
    /// </summary>
    private sealed class ChunkStream(IDbContextFactory<ChatDbContext> contexts, string key, long length) : Stream
    {
        private readonly byte[] _chunk = new byte[FileChunk.Size];
        private ChatDbContext? _db;
        private int _chunkIndex = -1;
        private int _chunkLength;
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => length;

        public override long Position
        {
            get => _position;
            set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), "A position is never negative.");
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (NeedsChunk(out var index))
            {
                _db ??= contexts.CreateDbContext();
                _db.Database.OpenConnection();
                try
                {
                    using var read = Command(index);
                    using var reader = read.ExecuteReader();
                    Loaded(index, reader.Read() ? reader.GetBytes(0, 0, _chunk, 0, _chunk.Length) : -1);
                }
                finally
                {
                    _db.Database.CloseConnection();
                }
            }

            return CopyTo(buffer);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (NeedsChunk(out var index))
            {
                _db ??= await contexts.CreateDbContextAsync(cancellationToken);
                await _db.Database.OpenConnectionAsync(cancellationToken);
                try
                {
                    await using var read = Command(index);
                    await using var reader = await read.ExecuteReaderAsync(cancellationToken);
                    Loaded(index, await reader.ReadAsync(cancellationToken) ? reader.GetBytes(0, 0, _chunk, 0, _chunk.Length) : -1);
                }
                finally
                {
                    await _db.Database.CloseConnectionAsync();
                }
            }

            return CopyTo(buffer.Span);
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            SeekOrigin.End => length + offset,
            _ => throw new ArgumentOutOfRangeException(nameof(origin)),
        };

        public override void Flush()
        {
        }

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _db?.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            if (_db is not null)
            {
                await _db.DisposeAsync();
            }

            await base.DisposeAsync();
        }

        /// <summary>
        /// The statement that reads chunk <paramref name="index"/>, on the context's connection, which is open only
        /// while it reads (no connection is held between chunks), so the statement lives no longer either.
        /// </summary>
        private DbCommand Command(int index)
        {
            var read = _db!.Database.GetDbConnection().CreateCommand();
            read.CommandText = """SELECT "Data" FROM "FileChunks" WHERE "Key" = @key AND "Index" = @index""";
            foreach (var (name, value) in new (string, object)[] { ("key", key), ("index", index) })
            {
                var parameter = read.CreateParameter();
                parameter.ParameterName = name;
                parameter.Value = value;
                read.Parameters.Add(parameter);
            }

            return read;
        }

        /// <returns>Whether the position is in a chunk not loaded yet (false at the end, which reads nothing).</returns>
        private bool NeedsChunk(out int index)
        {
            index = (int)(_position / FileChunk.Size);
            return _position < length && index != _chunkIndex;
        }

        /// <param name="chunkLength">How many bytes it has; -1 when it is not there.</param>
        private void Loaded(int index, long chunkLength)
        {
            // Erased while being read (its message deleted): the stream ends short, as a cut connection would.
            _chunkLength = chunkLength >= 0 ? (int)chunkLength : throw new IOException("The file's bytes are gone.");
            _chunkIndex = index;
        }

        private int CopyTo(Span<byte> buffer)
        {
            if (_position >= length)
            {
                return 0;
            }

            var offset = (int)(_position % FileChunk.Size);
            if (offset >= _chunkLength)
            {
                throw new IOException("The file's bytes are shorter than its length.");
            }

            var count = Math.Min(buffer.Length, _chunkLength - offset);
            _chunk.AsSpan(offset, count).CopyTo(buffer);
            _position += count;
            return count;
        }
    }
}
