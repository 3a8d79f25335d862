using System.Net.WebSockets;
using System.Text;

namespace ChatBot.LoadTest.Api;

/// <summary>
/// An authenticated hub connection that does nothing but stay open: the SignalR handshake over a bare
/// WebSocket, then pings. The full client builds a service provider per connection, which costs the
/// generator's one core more than an open costs the server, and S2 measures the server.
/// </summary>
public sealed class IdleConnection : IAsyncDisposable
{
    private static readonly byte[] JsonPing = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");
    private static readonly byte[] MessagePackPing = [0x02, 0x91, 0x06]; // length 2, then the array [6]

    private readonly ClientWebSocket _socket;
    private readonly byte[] _ping;
    private readonly Task _draining;

    private IdleConnection(ClientWebSocket socket, byte[] ping)
    {
        _socket = socket;
        _ping = ping;
        _draining = DrainAsync();
    }

    public static async Task<IdleConnection> OpenAsync(Uri hubServer, User user, bool messagePack)
    {
        var socket = new ClientWebSocket();
        try
        {
            if (user.WebSession is { } cookies)
            {
                socket.Options.Cookies = cookies;
                socket.Options.SetRequestHeader("Origin", hubServer.GetLeftPart(UriPartial.Authority));
            }
            else
            {
                socket.Options.SetRequestHeader("Authorization", $"Bearer {user.AccessToken}");
            }

            var hub = new UriBuilder(new Uri(hubServer, "/hubs/chat")) { Scheme = hubServer.Scheme == "https" ? "wss" : "ws" }.Uri;
            await socket.ConnectAsync(hub, CancellationToken.None);

            var protocol = messagePack ? "messagepack" : "json";
            await socket.SendAsync(Encoding.UTF8.GetBytes($"{{\"protocol\":\"{protocol}\",\"version\":1}}\u001e"), WebSocketMessageType.Text, true, CancellationToken.None);
            var buffer = new byte[256];
            var answer = await socket.ReceiveAsync(buffer, CancellationToken.None);
            if (Encoding.UTF8.GetString(buffer, 0, answer.Count) != "{}\u001e")
            {
                throw new InvalidOperationException($"The hub refused the handshake: {Encoding.UTF8.GetString(buffer, 0, answer.Count)}");
            }

            return new IdleConnection(socket, messagePack ? MessagePackPing : JsonPing);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Tells the server this client is alive; it closes connections silent for 30 s.</summary>
    public Task PingAsync() =>
        _socket.SendAsync(_ping, _ping == JsonPing ? WebSocketMessageType.Text : WebSocketMessageType.Binary, true, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            await _draining;
        }
        catch (WebSocketException)
        {
            // Already gone.
        }

        _socket.Dispose();
    }

    // The server's pings are read and dropped, so they never fill the socket's buffers.
    private async Task DrainAsync()
    {
        var buffer = new byte[256];
        try
        {
            while ((await _socket.ReceiveAsync(buffer, CancellationToken.None)).MessageType != WebSocketMessageType.Close)
            {
            }
        }
        catch (WebSocketException)
        {
            // The server went away; the scenario counts what stays open.
        }
    }
}
