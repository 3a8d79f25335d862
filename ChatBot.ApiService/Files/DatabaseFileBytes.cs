using System.Data.Common;
using ChatBot.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.ApiService.Files;

/// <summary>
/// Bytes in the chat's database, as <see cref="FileChunk"/>s under a key, so that every replica serves every file
/// with nothing else to run and a backup of the database has them. Written and read a chunk at a time.
/// </summary>
public sealed class DatabaseFileBytes(IDbContextFactory<ChatDbContext> contexts) : FileBytes
{
    /// <summary>
    /// A chunk per statement (no long write lock), through one buffer: the database has copied a chunk once its
    /// statement is done.
    /// </summary>
    public override Task<WrittenBytes> WriteAsync(ChatDbContext db, string key, Stream source, long maxBytes, CancellationToken cancellationToken) =>
        CopyAsync(source, maxBytes, async (buffer, count, index) =>
        {
            db.FileChunks.Add(new FileChunk { Key = key, Index = index, Data = count == buffer.Length ? buffer : buffer[..count] });
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }, cancellationToken);

    /// <summary>
    /// Renamed, or, when the same bytes are kept already, dropped. The transaction reads the chunk that the sweep
    /// would erase, so one of the two fails and tries again.
    /// </summary>
    public override async Task KeepAsync(ChatDbContext db, string uploadKey, string key, CancellationToken cancellationToken)
    {
        if (await db.FileChunks.AnyAsync(c => c.Key == key && c.Index == 0, cancellationToken))
        {
            await EraseAsync(db, uploadKey, cancellationToken);
            return;
        }

        await db.FileChunks.Where(c => c.Key == uploadKey).ExecuteUpdateAsync(s => s.SetProperty(c => c.Key, key), cancellationToken);
    }

    public override Task EraseAsync(ChatDbContext db, string key, CancellationToken cancellationToken) =>
        db.FileChunks.Where(c => c.Key == key).ExecuteDeleteAsync(cancellationToken);

    /// <summary>A stream that owns its own context.</summary>
    public override Stream OpenRead(string key, long length) => new ChunkStream(contexts, key, length);

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
