using System.Collections.Concurrent;
using ChatBot.Data;
using ChatBot.Data.MessageBatches;

namespace ChatBot.ApiService.Messages;

/// <summary>
/// Messages kept in memory only, numbered as the database would number them: the benchmark's measure of
/// what durability costs (scenario S0). Everything is lost when the process ends; never for real use.
/// </summary>
public sealed partial class VolatileMessageStore : IMessageStore
{
    public const string Setting = "Benchmark:VolatileMessages";

    private readonly TimeProvider _time;

    public VolatileMessageStore(TimeProvider time, ILogger<VolatileMessageStore> logger)
    {
        _time = time;
        LogVolatile(logger, Setting);
    }

    private readonly ConcurrentDictionary<Guid, long> _lastSeq = new();
    private readonly ConcurrentDictionary<(string Sender, Guid ClientMessageId), MessageDto> _stored = new();

    public Task<StoredMessage> StoreAsync(NewMessage message, CancellationToken cancellationToken)
    {
        var key = (message.SenderId, message.ClientMessageId);
        if (_stored.TryGetValue(key, out var existing))
        {
            return existing.ConversationId == message.ConversationId
                ? Task.FromResult(new StoredMessage(existing, IsNew: false))
                : Task.FromException<StoredMessage>(new SendRejectedException("This message id was already used for another message."));
        }

        var stored = new MessageDto(
            message.ConversationId,
            _lastSeq.AddOrUpdate(message.ConversationId, 1, (_, last) => last + 1),
            message.SenderId,
            message.ClientMessageId,
            message.Body,
            StoredTime.UtcNow(_time));
        _stored[key] = stored;
        return Task.FromResult(new StoredMessage(stored, IsNew: true));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Setting} is on: messages are kept in memory only and lost when this process ends")]
    private static partial void LogVolatile(ILogger logger, string setting);
}
