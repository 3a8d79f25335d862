using System.Diagnostics;
using System.Threading.Channels;
using ChatBot.ApiService.Refusals;
using ChatBot.ApiService.Telemetry;
using ChatBot.Data;
using ChatBot.Data.MessageStores;

namespace ChatBot.ApiService.Messages;

/// <summary>
/// The stored row, the message it replies to as it was then, and whether this send stored it (false for a resend
/// of a stored one).
/// </summary>
public sealed record StoredMessage(Message Row, Message? ReplyTo, bool IsNew);

/// <summary>A send that can never succeed as asked: a rule of the writer refused it, and nothing was written.</summary>
public sealed class SendRejectedException(Refusal refusal) : Exception(refusal.Message)
{
    public Refusal Refusal { get; } = refusal;
}

/// <summary>Not stored: someone joined or left the conversation since its members were read; read them again.</summary>
public sealed class MembershipChangedException() : Exception("The conversation's members have changed.");

/// <summary>
/// The one writer of messages and of their changes (edits, deletions, reactions) in this process, on either
/// database. Sends queue up here; a single loop, on a thread of its own, takes all that are waiting, stores them in
/// one transaction (group commit) through the database's <see cref="MessageStore"/>, and only after the commit
/// answers each send with its stored row. A resend of an already stored (sender, client message id) gets that row
/// back; a row its rules refuse gets its refusal, and the others of its batch are stored all the same.
/// </summary>
public sealed partial class MessageWriter(
    IConfiguration configuration,
    TimeProvider time,
    ILogger<MessageWriter> logger) : BackgroundService
{
    private const int MaxBatchSize = 256;

    private readonly Channel<PendingMessage> _queue = Channel.CreateBounded<PendingMessage>(
        new BoundedChannelOptions(capacity: 16 * MaxBatchSize) { SingleReader = true });

    private MessageStore? _store;

    /// <returns>The stored row, once it is committed: new, or the one stored earlier under the same client message id.</returns>
    /// <exception cref="SendRejectedException">A rule refused it (<see cref="MessageRefusals"/>).</exception>
    /// <exception cref="MembershipChangedException">The conversation's members changed since the sender's were read.</exception>
    public async Task<StoredMessage> StoreAsync(NewMessage message, CancellationToken cancellationToken)
    {
        var pending = new PendingMessage(message, Activity.Current?.Context ?? default);
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        // Once queued, the write is no longer the caller's to cancel: it is stored or it fails.
        return await pending.Stored.Task;
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    // The batches work synchronously: the loop has a thread of its own rather than holding one of the pool's.
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void WriteLoop()
    {
        Thread.CurrentThread.Name = "message writer";
        // The loop ends when the queue is completed and drained, so every queued send gets its answer.
        var batch = new List<PendingMessage>(MaxBatchSize);
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (batch.Count < MaxBatchSize && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            WriteBatch(batch);
            batch.Clear();
        }

        _store?.Dispose();
    }

    private void WriteBatch(IReadOnlyList<PendingMessage> batch)
    {
        try
        {
            var stored = Commit(batch);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Complete(stored[i]);
            }
        }
        catch (Exception exception) when (batch.Count > 1)
        {
            // One message that cannot be written must not fail the others: write each alone.
            LogBatchFailed(exception, batch.Count);
            foreach (var pending in batch)
            {
                WriteBatch([pending]);
            }
        }
        catch (Exception exception)
        {
            LogWriteFailed(exception);
            batch[0].Fail(exception);
        }
    }

    private StoredRow[] Commit(IReadOnlyList<PendingMessage> batch)
    {
        _store ??= MessageStore.Open(configuration.GetConnectionString(ChatDbContextRegistration.ConnectionName)!);
        var spans = batch.Select(p => ChatTelemetry.StartStore(p.Trace, batch.Count, _store.SystemName)).ToList();
        try
        {
            var rows = _store.Commit(batch.Select(p => p.Message).ToList(), StoredTime.UtcNow(time));
            for (var i = 0; i < batch.Count; i++)
            {
                spans[i]?.SetTag("chat.message.seq", rows[i].Message?.Seq);
            }

            return rows;
        }
        catch (Exception exception)
        {
            // The connection may be left in any state: the next batch opens a new one.
            _store?.Dispose();
            _store = null;
            spans.ForEach(span => span?.AddException(exception).SetStatus(ActivityStatusCode.Error));
            throw;
        }
        finally
        {
            spans.ForEach(span => span?.Stop());
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing a batch of {Count} messages failed; writing them one at a time")]
    private partial void LogBatchFailed(Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Writing a message failed")]
    private partial void LogWriteFailed(Exception exception);

    private sealed class PendingMessage(NewMessage message, ActivityContext trace)
    {
        public NewMessage Message { get; } = message;

        /// <summary>The trace of the send, which the database write joins.</summary>
        public ActivityContext Trace { get; } = trace;

        // Asynchronous continuations: the writer loop must never run a sender's code.
        public TaskCompletionSource<StoredMessage> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Complete(StoredRow row)
        {
            if (row.Outcome == StoreOutcome.MembershipChanged)
            {
                Stored.TrySetException(new MembershipChangedException());
            }
            else if (MessageRefusals.Of(row.Outcome) is { } refusal)
            {
                Stored.TrySetException(new SendRejectedException(refusal));
            }
            else
            {
                Stored.TrySetResult(new StoredMessage(row.Message!, row.ReplyTo, row.Outcome == StoreOutcome.Stored));
            }
        }

        public void Fail(Exception exception) => Stored.TrySetException(exception);
    }
}
