using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace ChatBot.Tests.Infrastructure;

/// <summary>The hub at the protocol level: raw WebSocket frames, as a careless or hostile client sends them.</summary>
public sealed class RawHubSocket : IAsyncDisposable
{
    public const char RecordSeparator = '\u001e';
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(10);

    private readonly ClientWebSocket _socket = new();
    private readonly StringBuilder _pending = new();

    public bool IsOpen => _socket.State == WebSocketState.Open;

    /// <param name="accessToken">The bearer token; null for a connection that authenticates otherwise (<paramref name="configure"/>).</param>
    /// <param name="connectionToken">The negotiated connection to start or resume; null to skip negotiation.</param>
    public static async Task<RawHubSocket> ConnectAsync(
        Uri api, string? accessToken, bool handshake = true, string? connectionToken = null, Action<ClientWebSocketOptions>? configure = null)
    {
        var hub = new RawHubSocket();
        if (accessToken is not null)
        {
            hub._socket.Options.SetRequestHeader("Authorization", $"Bearer {accessToken}");
        }

        hub._socket.Options.CollectHttpResponseDetails = true;
        configure?.Invoke(hub._socket.Options);
        var query = connectionToken is null ? "" : $"id={Uri.EscapeDataString(connectionToken)}";
        try
        {
            await hub._socket.ConnectAsync(new UriBuilder(api) { Scheme = "ws", Path = "/hubs/chat", Query = query }.Uri, CancellationToken.None);
        }
        catch (WebSocketException refused)
        {
            throw new RefusedException(hub._socket.HttpStatusCode, refused);
        }

        if (handshake)
        {
            // Version 2 of the JSON protocol is the one with stateful reconnect, which a negotiated connection may use.
            var version = connectionToken is null ? 1 : 2;
            await hub.SendAsync(Encoding.UTF8.GetBytes($"{{\"protocol\":\"json\",\"version\":{version}}}" + RecordSeparator));
            var reply = await hub.NextRecordAsync();
            if (reply is not "{}")
            {
                throw new InvalidOperationException($"The handshake failed: {reply}");
            }
        }

        return hub;
    }

    public Task SendAsync(byte[] frame) =>
        _socket.SendAsync(frame, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>Reads until the completion of <paramref name="invocationId"/>, or until the server closes.</summary>
    /// <returns>The completion's error; null when the server closed the connection instead (then <see cref="CloseError"/> says why).</returns>
    public async Task<string?> CompletionErrorAsync(string invocationId)
    {
        while (await NextRecordAsync() is { } record)
        {
            using var json = JsonDocument.Parse(record);
            var root = json.RootElement;
            var type = root.GetProperty("type").GetInt32();
            if (type == 7)
            {
                CloseError = root.TryGetProperty("error", out var error) ? error.GetString() : null;
            }
            else if (type == 3 && root.GetProperty("invocationId").GetString() == invocationId)
            {
                return root.TryGetProperty("error", out var error) ? error.GetString() : throw new InvalidOperationException($"Invocation {invocationId} succeeded: {record}");
            }
        }

        return null;
    }

    /// <summary>
    /// Reads until the server ends the connection; true when it did so within the timeout. A text frame
    /// that is not UTF-8 fails the WebSocket itself (RFC 6455, close code 1007), which may reach the client
    /// as a reset rather than a close frame.
    /// </summary>
    public async Task<bool> ClosedAsync()
    {
        while (await NextRecordAsync() is { } record)
        {
            using var json = JsonDocument.Parse(record);
            var error = json.RootElement.TryGetProperty("error", out var said) ? said.GetString() : null;
            if (record.StartsWith("{\"type\":7", StringComparison.Ordinal))
            {
                CloseError = error;
            }
            else if (!json.RootElement.TryGetProperty("type", out _))
            {
                HandshakeError = error;
            }
        }

        return _socket.State is WebSocketState.CloseReceived or WebSocketState.Closed or WebSocketState.Aborted;
    }

    /// <summary>Drops the connection without a close frame, as a network that fails does.</summary>
    public void Abort() => _socket.Abort();

    /// <summary>What the server said when it closed the connection, if anything.</summary>
    public string? CloseError { get; private set; }

    /// <summary>Why the server refused the handshake, when it answered one with a refusal.</summary>
    public string? HandshakeError { get; private set; }

    /// <summary>The WebSocket close frame's status and reason, once the server has sent one.</summary>
    public (WebSocketCloseStatus? Status, string? Description) CloseFrame => (_socket.CloseStatus, _socket.CloseStatusDescription);

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
                _socket.Abort();
            }
        }

        _socket.Dispose();
    }

    /// <summary>The next record from the server; null once it has closed the connection.</summary>
    private async Task<string?> NextRecordAsync()
    {
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(ReplyTimeout);
        while (true)
        {
            var text = _pending.ToString();
            var end = text.IndexOf(RecordSeparator, StringComparison.Ordinal);
            if (end >= 0)
            {
                _pending.Remove(0, end + 1);
                return text[..end];
            }

            if (_socket.State != WebSocketState.Open)
            {
                return null;
            }

            WebSocketReceiveResult received;
            try
            {
                received = await _socket.ReceiveAsync(buffer, timeout.Token);
            }
            catch (WebSocketException)
            {
                return null;
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The server neither answered nor closed within {ReplyTimeout.TotalSeconds:0} s.");
            }

            if (received.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            _pending.Append(Encoding.UTF8.GetString(buffer, 0, received.Count));
        }
    }

    /// <summary>The server refused the WebSocket: its HTTP status.</summary>
    public sealed class RefusedException(System.Net.HttpStatusCode status, Exception inner)
        : Exception($"The WebSocket was refused: HTTP {(int)status}.", inner)
    {
        public System.Net.HttpStatusCode Status { get; } = status;
    }
}
