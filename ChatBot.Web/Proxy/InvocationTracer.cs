using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatBot.Web.Proxy;

/// <summary>
/// Passes on what a browser sends the hub, record by record, putting each hub invocation into a trace of its
/// own that starts here: a span of this front end whose context travels to the API in the invocation's
/// headers, the SignalR protocol's place for it. The API's span for the hub method, its database write and its
/// fan-out then join that trace. The browser's own headers are dropped: trace context is the front end's to give.
/// <para>
/// A record may span WebSocket messages; the unfinished one is held, in a pooled buffer, up to the hub's own
/// limit on a message (<see cref="MaxRecordBytes"/>). Past it the hub would refuse the record anyway, so the
/// relay refuses it first, instead of holding a connection's input without bound.
/// </para>
/// </summary>
internal sealed class InvocationTracer(ActivityContext connection) : IDisposable
{
    public static readonly ActivitySource ActivitySource = new("ChatBot.Web");

    /// <summary>The API's MaximumHubMessageSize: the largest record the hub accepts.</summary>
    public const int MaxRecordBytes = 32 * 1024;

    private const byte RecordSeparator = 0x1e;
    private static readonly byte[] HeadersProperty = "\"headers\""u8.ToArray();
    private static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false };

    // The start of a record that has not ended yet: rented from the pool only while there is one.
    private byte[]? _unfinished;
    private int _unfinishedLength;

    /// <summary>
    /// Sends on the complete records that <paramref name="chunk"/> ends, each invocation traced; keeps an
    /// unfinished last record for the next chunk.
    /// </summary>
    /// <returns>False when the unfinished record would grow past <see cref="MaxRecordBytes"/>: then the connection must end.</returns>
    public async ValueTask<bool> RelayAsync(ReadOnlyMemory<byte> chunk, Func<ReadOnlyMemory<byte>, ValueTask> send)
    {
        var afterLast = chunk.Span.LastIndexOf(RecordSeparator) + 1;
        if (afterLast > 0 && _unfinishedLength > 0)
        {
            // The held record ends with the chunk's first record.
            var afterFirst = chunk.Span.IndexOf(RecordSeparator) + 1;
            if (!Hold(chunk.Span[..afterFirst]))
            {
                return false;
            }

            await SendRecordsAsync(_unfinished.AsMemory(0, _unfinishedLength), send);
            Release();
            chunk = chunk[afterFirst..];
            afterLast -= afterFirst;
        }

        if (afterLast > 0)
        {
            await SendRecordsAsync(chunk[..afterLast], send);
        }

        return Hold(chunk.Span[afterLast..]);
    }

    public void Dispose() => Release();

    private bool Hold(ReadOnlySpan<byte> part)
    {
        if (part.IsEmpty)
        {
            return true;
        }

        if (_unfinishedLength + part.Length > MaxRecordBytes)
        {
            Release();
            return false;
        }

        _unfinished ??= ArrayPool<byte>.Shared.Rent(MaxRecordBytes);
        part.CopyTo(_unfinished.AsSpan(_unfinishedLength));
        _unfinishedLength += part.Length;
        return true;
    }

    private void Release()
    {
        if (_unfinished is not null)
        {
            ArrayPool<byte>.Shared.Return(_unfinished);
            _unfinished = null;
        }

        _unfinishedLength = 0;
    }

    /// <summary>Complete records, each ending with the separator: those that need no change go on together, as they are.</summary>
    private async ValueTask SendRecordsAsync(ReadOnlyMemory<byte> records, Func<ReadOnlyMemory<byte>, ValueTask> send)
    {
        var unchangedFrom = 0;
        var position = 0;
        while (position < records.Length)
        {
            var start = position;
            var length = records.Span[start..].IndexOf(RecordSeparator);
            position = start + length + 1;
            if (Trace(records.Span.Slice(start, length)) is not { } traced)
            {
                continue;
            }

            if (start > unchangedFrom)
            {
                await send(records[unchangedFrom..start]);
            }

            await send(traced);
            unchangedFrom = position;
        }

        if (unchangedFrom < records.Length)
        {
            await send(records[unchangedFrom..]);
        }
    }

    /// <returns>The record traced, with its separator; null when it goes on unchanged.</returns>
    private byte[]? Trace(ReadOnlySpan<byte> record)
    {
        if (!ActivitySource.HasListeners() && record.IndexOf(HeadersProperty) < 0)
        {
            return null;
        }

        JsonObject? invocation;
        try
        {
            // A key twice is malformed too: JsonObject would throw only later, when its keys are first read.
            invocation = JsonNode.Parse(record, documentOptions: StrictJson) as JsonObject;
        }
        catch (JsonException)
        {
            return null; // the API answers malformed input itself
        }

        // Type 1 is an invocation, 4 a stream invocation.
        if (invocation?["type"] is not JsonValue type || !type.TryGetValue<int>(out var kind) || kind is not (1 or 4))
        {
            return null;
        }

        invocation.Remove("headers");
        var target = invocation["target"] is JsonValue value && value.TryGetValue<string>(out var name) ? name : "";
        using var activity = StartActivity(target);
        if (activity is not null)
        {
            var headers = new JsonObject();
            DistributedContextPropagator.Current.Inject(
                activity, headers, static (carrier, key, value) => ((JsonObject)carrier!)[key] = value);
            invocation["headers"] = headers;
        }

        return [.. JsonSerializer.SerializeToUtf8Bytes(invocation), RecordSeparator];
    }

    /// <summary>A new trace per invocation, linked to the long-lived trace of the WebSocket's connection.</summary>
    private Activity? StartActivity(string target)
    {
        var method = target.Length is > 0 and <= 64 && target.All(char.IsAsciiLetterOrDigit) ? target : "unknown";
        var current = Activity.Current;
        Activity.Current = null;
        var activity = ActivitySource.StartActivity(
            $"ChatHub/{method}",
            ActivityKind.Client,
            parentContext: default,
            tags: [new("rpc.system", "signalr"), new("rpc.service", "ChatHub"), new("rpc.method", method)],
            links: connection == default ? null : [new ActivityLink(connection)]);
        Activity.Current = current;
        return activity;
    }
}
