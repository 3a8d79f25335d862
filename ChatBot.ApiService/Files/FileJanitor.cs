using System.Linq.Expressions;
using ChatBot.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ChatBot.ApiService.Files;

/// <summary>
/// Erases, every <see cref="FileStorageOptions.CleanupInterval"/>, the files nobody may fetch any more: those of
/// deleted messages, uploads never sent within <see cref="FileStorageOptions.UnsentLifetime"/>, and uploads cut off
/// half-way (a process that died while receiving one); with each, the bytes that no other file has; then the stray
/// bytes that no file names (<see cref="FileBytes.EraseStrayAsync"/>). Every replica runs it: a file is erased
/// once, whichever does it, and only if it is still one to erase.
/// </summary>
public sealed partial class FileJanitor(
    IDbContextFactory<ChatDbContext> contexts,
    FileBytes bytes,
    IOptions<FileStorageOptions> options,
    TimeProvider time,
    ILogger<FileJanitor> logger) : BackgroundService
{
    private const int BatchSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval, time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogSweepFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <returns>How many files were erased.</returns>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var toErase = ToErase(db);
        var erased = 0;
        while (true)
        {
            var gone = await db.Files.Where(toErase).OrderBy(f => f.Id).Select(f => f.Id).Take(BatchSize).ToListAsync(cancellationToken);
            foreach (var file in gone)
            {
                await EraseAsync(db, file, toErase, cancellationToken);
            }

            erased += gone.Count;
            if (gone.Count < BatchSize)
            {
                var stray = await bytes.EraseStrayAsync(db, UnfinishedBefore(StoredTime.UtcNow(time)), cancellationToken);
                if (erased + stray > 0)
                {
                    LogErased(erased, stray);
                }

                return erased;
            }
        }
    }

    /// <summary>
    /// The files nobody may fetch any more: sent, of a message that has its files no more (<see cref="MessagesWithFiles"/>);
    /// never sent, long enough; or still streaming in long after any upload may (its process gone).
    /// </summary>
    private Expression<Func<StoredFile, bool>> ToErase(ChatDbContext db)
    {
        var limits = options.Value;
        var now = StoredTime.UtcNow(time);
        var (unfinishedBefore, unsentBefore) = (UnfinishedBefore(now), now - limits.UnsentLifetime);
        return f => (f.Sha256 == null && f.UploadedAt < unfinishedBefore)
            || (f.Sha256 != null && f.MessageSeq == null && f.UploadedAt < unsentBefore)
            || (f.MessageSeq != null && !db.Messages.WithTheirFiles().Any(m => m.ConversationId == f.ConversationId && m.Seq == f.MessageSeq));
    }

    /// <summary>An upload begun before then is over: its process died, or it would have finished or been refused.</summary>
    private DateTimeOffset UnfinishedBefore(DateTimeOffset now) => now - options.Value.UploadTimeLimit - options.Value.CleanupInterval;

    /// <summary>
    /// The file, if it is still one to erase (sent or finished since it was listed, it is kept), and its bytes
    /// (and a picture's copies) unless another file has the same.
    /// </summary>
    private Task EraseAsync(ChatDbContext db, Guid id, Expression<Func<StoredFile, bool>> toErase, CancellationToken cancellationToken) =>
        Serializably.RunAsync(db, async () =>
        {
            var file = await db.Files.Where(f => f.Id == id).Where(toErase).AsNoTracking().SingleOrDefaultAsync(cancellationToken);
            if (file is null)
            {
                return;
            }

            await db.Files.Where(f => f.Id == file.Id).ExecuteDeleteAsync(cancellationToken);
            foreach (var key in StoredFile.UploadKeys(file.Id))
            {
                await bytes.EraseAsync(db, key, cancellationToken);
            }

            foreach (var key in new[] { file.Sha256, file.ThumbnailSha256, file.PreviewSha256 }.OfType<string>())
            {
                if (!await db.Files.AnyAsync(f => f.Sha256 == key || f.ThumbnailSha256 == key || f.PreviewSha256 == key, cancellationToken))
                {
                    await bytes.EraseAsync(db, key, cancellationToken);
                }
            }
        }, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Erased {Count} files that nobody may fetch any more, and the stray bytes of {Stray} more")]
    private partial void LogErased(int count, int stray);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Erasing the files nobody may fetch failed; trying again at the next sweep")]
    private partial void LogSweepFailed(Exception exception);
}
