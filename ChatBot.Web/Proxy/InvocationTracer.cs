using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChatBot.Web.Proxy;

/// <summary>
/// Puts each hub invocation a browser sends into a trace of its own that starts here: a span of this
/// front end whose context travels to the API in the invocation's headers, the SignalR protocol's place
/// for it. The API's span for the hub method, its database write and its fan-out then join that trace.
/// The browser's own headers are dropped: trace context is the front end's to give.
/// </summary>
internal sealed class InvocationTracer(ActivityContext connection)
{
    public static readonly ActivitySource ActivitySource = new("ChatBot.Web");

    private const byte RecordSeparator = 0x1e;
    private static readonly byte[] HeadersProperty = "\"headers\""u8.ToArray();

    // The start of a record that the previous WebSocket message did not finish.
    private readonly ArrayBufferWriter<byte> _unfinished = new();

    /// <summary>The message's complete records, traced; an unfinished last record waits for the next message.</summary>
    public ReadOnlyMemory<byte> Trace(ReadOnlySpan<byte> message)
    {
        _unfinished.Write(message);
        var data = _unfinished.WrittenSpan;
        var end = data.LastIndexOf(RecordSeparator) + 1;
        var output = new ArrayBufferWriter<byte>(end + 128);

        var records = data[..end];
        while (records.Length > 0)
        {
            var length = records.IndexOf(RecordSeparator);
            output.Write(TraceRecord(records[..length]));
            output.Write([RecordSeparator]);
            records = records[(length + 1)..];
        }

        var rest = data[end..].ToArray();
        _unfinished.ResetWrittenCount();
        _unfinished.Write(rest);
        return output.WrittenMemory;
    }

    private ReadOnlySpan<byte> TraceRecord(ReadOnlySpan<byte> record)
    {
        if (!ActivitySource.HasListeners() && record.IndexOf(HeadersProperty) < 0)
        {
            return record;
        }

        JsonObject? invocation;
        try
        {
            invocation = JsonNode.Parse(record) as JsonObject;
        }
        catch (JsonException)
        {
            return record; // the API answers malformed input itself
        }

        // Type 1 is an invocation, 4 a stream invocation.
        if (invocation?["type"] is not JsonValue type || !type.TryGetValue<int>(out var kind) || kind is not (1 or 4))
        {
            return record;
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

        return JsonSerializer.SerializeToUtf8Bytes(invocation);
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
