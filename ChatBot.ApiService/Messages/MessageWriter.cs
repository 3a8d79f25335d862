using System.Diagnostics;
using System.Threading.Channels;
using ChatBot.ApiService.Telemetry;
using ChatBot.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.ApiService.Messages;

/// <summary>A message to store: its text normalized and its sender known to be a member.</summary>
public sealed record NewMessage(Guid ConversationId, string SenderId, Guid ClientMessageId, string Body);

/// <summary>The stored message, and whether this send stored it (false for a resend of a stored one).</summary>
public sealed record StoredMessage(MessageDto Message, bool IsNew);

/// <summary>A send that can never succeed as asked; its message is for the sender.</summary>
public sealed class SendRejectedException(string message) : Exception(message);

/// <summary>
/// The one writer of messages in this process. Sends queue up here; a single loop takes all that are
/// waiting, stores them in one transaction (group commit), and only after the commit answers each send
/// with its stored row. A resend of an already stored (sender, client message id) gets that row back.
/// </summary>
public sealed partial class MessageWriter(
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<MessageWriter> logger) : BackgroundService
{
    private const int MaxBatchSize = 256;

    private readonly Channel<PendingMessage> _queue = Channel.CreateBounded<PendingMessage>(
        new BoundedChannelOptions(capacity: 16 * MaxBatchSize) { SingleReader = true });

    /// <returns>The stored message, once it is committed.</returns>
    /// <exception cref="SendRejectedException">The client message id was used for another conversation.</exception>
    public async Task<StoredMessage> WriteAsync(NewMessage message, CancellationToken cancellationToken)
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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The loop ends when the queue is completed and drained, so every queued send gets its answer.
        var batch = new List<PendingMessage>(MaxBatchSize);
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < MaxBatchSize && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            await WriteBatchAsync(batch);
            batch.Clear();
        }
    }

    private async Task WriteBatchAsync(IReadOnlyList<PendingMessage> batch)
    {
        try
        {
            var stored = await CommitAsync(batch);
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
                await WriteBatchAsync([pending]);
            }
        }
        catch (Exception exception)
        {
            LogWriteFailed(exception);
            batch[0].Fail(exception);
        }
    }

    private async Task<StoredMessage?[]> CommitAsync(IReadOnlyList<PendingMessage> batch)
    {
        var spans = batch.Select(p => ChatTelemetry.StartStore(p.Trace, batch.Count)).ToList();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ChatDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync();

            var (stored, added) = await FindOrCreateRowsAsync(db, batch);
            foreach (var conversation in added.GroupBy(m => m.ConversationId))
            {
                await AssignSequenceNumbersAsync(db, conversation.Key, conversation.ToList());
            }

            await db.SaveChangesAsync();
            await transaction.CommitAsync();
            var fresh = added.ToHashSet();
            var result = new StoredMessage?[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                if (stored[i] is { } row)
                {
                    result[i] = new StoredMessage(MessageDto.From(row), fresh.Contains(row));
                    spans[i]?.SetTag("chat.message.seq", row.Seq);
                }
            }

            return result;
        }
        catch (Exception exception)
        {
            spans.ForEach(span => span?.AddException(exception).SetStatus(ActivityStatusCode.Error));
            throw;
        }
        finally
        {
            spans.ForEach(span => span?.Stop());
        }
    }

    /// <summary>Each message's row: the one stored by an earlier send of it, or a new one (null where rejected).</summary>
    private async Task<(Message?[] Stored, List<Message> Added)> FindOrCreateRowsAsync(
        ChatDbContext db, IReadOnlyList<PendingMessage> batch)
    {
        var clientIds = batch.Select(p => p.Message.ClientMessageId).Distinct().ToList();
        var rows = await db.Messages
            .AsNoTracking()
            .Where(m => clientIds.Contains(m.ClientMessageId))
            .ToDictionaryAsync(m => (m.SenderId, m.ClientMessageId));

        var now = StoredTime.UtcNow(time);
        var stored = new Message?[batch.Count];
        var added = new List<Message>();
        for (var i = 0; i < batch.Count; i++)
        {
            var message = batch[i].Message;
            var key = (message.SenderId, message.ClientMessageId);
            if (!rows.TryGetValue(key, out var row))
            {
                row = new Message
                {
                    ConversationId = message.ConversationId,
                    SenderId = message.SenderId,
                    ClientMessageId = message.ClientMessageId,
                    Body = message.Body,
                    SentAt = now,
                };
                rows.Add(key, row);
                added.Add(row);
                db.Messages.Add(row);
            }

            // A client message id names one message: reusing it for another conversation is refused.
            stored[i] = row.ConversationId == message.ConversationId ? row : null;
        }

        return (stored, added);
    }

    /// <summary>Takes the next numbers of the conversation's counter in one atomic step, in queue order.</summary>
    private static async Task AssignSequenceNumbersAsync(ChatDbContext db, Guid conversationId, List<Message> messages)
    {
        var count = messages.Count;
        var lastSeq = (await db.Database
            .SqlQuery<long>($"""UPDATE "Conversations" SET "LastSeq" = "LastSeq" + {count} WHERE "Id" = {conversationId} RETURNING "LastSeq" AS "Value" """)
            .ToListAsync()).Single();

        var seq = lastSeq - count;
        foreach (var message in messages)
        {
            message.Seq = ++seq;
        }

        // What you send, you have (and have read): your own messages never count as unread.
        foreach (var sender in messages.GroupBy(m => m.SenderId))
        {
            var senderLastSeq = sender.Max(m => m.Seq);
            await db.ConversationMembers
                .Where(m => m.ConversationId == conversationId && m.UserId == sender.Key && m.LastReadSeq < senderLastSeq)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.LastReadSeq, senderLastSeq)
                    .SetProperty(m => m.LastDeliveredSeq, m => m.LastDeliveredSeq < senderLastSeq ? senderLastSeq : m.LastDeliveredSeq));
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

        public void Complete(StoredMessage? stored)
        {
            if (stored is null)
            {
                Stored.TrySetException(new SendRejectedException("This message id was already used for another message."));
            }
            else
            {
                Stored.TrySetResult(stored);
            }
        }

        public void Fail(Exception exception) => Stored.TrySetException(exception);
    }
}
