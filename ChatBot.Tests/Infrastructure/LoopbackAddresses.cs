using System.Net;
using System.Net.Sockets;

namespace ChatBot.Tests.Infrastructure;

/// <summary>Connections from another address of loopback (127.0.0.2, …): to a server, another client machine.</summary>
public static class LoopbackAddresses
{
    /// <summary>A <see cref="SocketsHttpHandler.ConnectCallback"/> whose connections come from <paramref name="address"/>.</summary>
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> ConnectFrom(string address) =>
        async (context, cancellationToken) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(address), 0));
                await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };

    /// <summary>
    /// An HTTP client of <paramref name="site"/> whose connections come from <paramref name="address"/>; of a site on
    /// another host (<see cref="TestHost"/>), one whose connections come from this machine's address on its network.
    /// </summary>
    public static HttpClient ClientFrom(string address, Uri site) => site.IsLoopback
        ? new(new SocketsHttpHandler { ConnectCallback = ConnectFrom(address) }) { BaseAddress = site }
        : new() { BaseAddress = site };
}
