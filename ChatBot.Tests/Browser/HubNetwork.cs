using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace ChatBot.Tests.Browser;

/// <summary>A page's hub WebSocket, passed through to the server until the test cuts it off.</summary>
/// <remarks>Routed with <c>page.RouteWebSocketAsync(HubNetwork.HubPath(), network.Route)</c> before the page connects.</remarks>
public sealed partial class HubNetwork
{
    private readonly List<IWebSocketRoute> _open = [];
    private volatile bool _cut;

    [GeneratedRegex("/hubs/chat")]
    public static partial Regex HubPath();

    public void Route(IWebSocketRoute socket)
    {
        if (_cut)
        {
            _ = socket.CloseAsync();
            return;
        }

        socket.ConnectToServer();
        lock (_open)
        {
            _open.Add(socket);
        }
    }

    public async Task CutAsync()
    {
        _cut = true;
        IWebSocketRoute[] open;
        lock (_open)
        {
            open = [.. _open];
            _open.Clear();
        }

        foreach (var socket in open)
        {
            await socket.CloseAsync(new WebSocketRouteCloseOptions { Code = 1006 });
        }
    }

    public void Restore() => _cut = false;
}
