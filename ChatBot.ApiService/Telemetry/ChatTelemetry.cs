using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ChatBot.ApiService.Telemetry;

/// <summary>
/// The chat's own spans and metrics. Named after the application, which the service defaults subscribe
/// to. Spans carry ids and sequence numbers, never message text.
/// </summary>
public sealed class ChatTelemetry
{
    public const string Name = "ChatBot.ApiService";

    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Counter<long> _messagesSent;
    private readonly Histogram<double> _sendDuration;
    private readonly UpDownCounter<long> _activeConnections;
    private readonly Histogram<long> _catchUpSize;

    public ChatTelemetry(IMeterFactory meters)
    {
        var meter = meters.Create(Name);
        _messagesSent = meter.CreateCounter<long>(
            "chat.messages.sent", "{message}", "Messages stored and sent to their conversation's members; resends are not counted.");
        _sendDuration = meter.CreateHistogram<double>(
            "chat.message.send.duration", "s", "From a send reaching the hub to its fan-out being done.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5] });
        _activeConnections = meter.CreateUpDownCounter<long>(
            "chat.connections.active", "{connection}", "Hub connections open on this replica.");
        _catchUpSize = meter.CreateHistogram<long>(
            "chat.catch_up.size", "{message}", "Messages returned to a client catching up after a gap or a reconnect.");
    }

    public void MessageSent(TimeSpan duration, bool isNew)
    {
        if (isNew)
        {
            _messagesSent.Add(1);
        }

        _sendDuration.Record(duration.TotalSeconds);
    }

    public void ConnectionOpened() => _activeConnections.Add(1);

    public void ConnectionClosed() => _activeConnections.Add(-1);

    public void CaughtUp(int messages) => _catchUpSize.Record(messages);

    /// <summary>Marks the current hub invocation's span with what it was about.</summary>
    public static void TagMessage(Guid conversationId, long seq) =>
        Activity.Current?.SetTag("chat.conversation.id", conversationId).SetTag("chat.message.seq", seq);

    public static Activity? StartFanOut(Guid conversationId, long seq, int users) =>
        ActivitySource.StartActivity("fan-out MessageReceived", ActivityKind.Producer)
            ?.SetTag("chat.conversation.id", conversationId)
            .SetTag("chat.message.seq", seq)
            .SetTag("chat.fan_out.users", users);

    /// <summary>
    /// The database write of one message, in that message's own trace. Messages are committed in batches,
    /// so each message of a batch gets a span covering the batch's one transaction.
    /// </summary>
    public static Activity? StartStore(ActivityContext message, int batchSize, string database)
    {
        if (message == default)
        {
            return null;
        }

        var previous = Activity.Current;
        var activity = ActivitySource.StartActivity("INSERT Messages", ActivityKind.Client, message)
            ?.SetTag("db.system.name", database)
            .SetTag("db.operation.name", "INSERT")
            .SetTag("db.collection.name", "Messages")
            .SetTag("chat.batch.size", batchSize);
        Activity.Current = previous;
        return activity;
    }
}
