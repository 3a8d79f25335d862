using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using ChatBot.Web.Auth;

namespace ChatBot.Web.Proxy;

/// <summary>
/// Relays the browser's hub WebSocket to the API: authenticated with the session's bearer token here, on
/// the server, to the next available API replica. From the browser to the API, every invocation is traced
/// (<see cref="InvocationTracer"/>); from the API to the browser, frames pass through untouched.
/// </summary>
public static partial class HubRelay
{
    public const string Path = "/hubs/chat";

    /// <summary>Larger than any frame the API accepts (32 KiB), so the API is the one to refuse it.</summary>
    private const int MaxMessageBytes = 64 * 1024;

    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    public static IEndpointConventionBuilder MapHubRelay(this IEndpointRouteBuilder app) =>
        app.Map(Path, RelayAsync).RequireAuthorization();

    private static async Task RelayAsync(HttpContext context, ApiDestinations destinations, ILogger<ApiDestinations> logger)
    {
        if (!SameOrigin.IsSatisfiedBy(context.Request))
        {
            await Results.Problem("Cross-origin requests are refused.", statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context);
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Results.Problem("The hub takes WebSocket connections only.", statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(context);
            return;
        }

        using var api = await ConnectToApiAsync(context, destinations, logger);
        if (api is null)
        {
            await Results.Problem("The chat service cannot be reached right now.", statusCode: StatusCodes.Status503ServiceUnavailable)
                .ExecuteAsync(context);
            return;
        }

        using var browser = await context.WebSockets.AcceptWebSocketAsync();
        using var relaying = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var tracer = new InvocationTracer(Activity.Current?.Context ?? default);

        var toApi = PumpAsync(browser, api, tracer, relaying.Token);
        var toBrowser = PumpAsync(api, browser, tracer: null, relaying.Token);

        // When one side closes or fails, the other is told (the browser then reconnects, to a live replica),
        // and gets a moment to say its last.
        var first = await Task.WhenAny(toApi, toBrowser);
        var ended = first == toApi ? browser : (WebSocket)api;
        var other = first == toApi ? api : browser;
        await CloseAsync(other, ended.CloseStatus ?? WebSocketCloseStatus.EndpointUnavailable, ended.CloseStatusDescription);
        try
        {
            await Task.WhenAll(toApi, toBrowser).WaitAsync(CloseGrace);
        }
        catch (TimeoutException)
        {
            await relaying.CancelAsync();
            await Task.WhenAll(toApi, toBrowser);
        }

        await CloseAsync(ended, WebSocketCloseStatus.NormalClosure, null);
    }

    /// <summary>Tries the API replicas in turn, starting with the next in the rotation.</summary>
    private static async Task<ClientWebSocket?> ConnectToApiAsync(
        HttpContext context, ApiDestinations destinations, ILogger logger)
    {
        var token = await Session.AccessTokenAsync(context);
        foreach (var address in destinations.InRotation())
        {
            var api = new ClientWebSocket();
            api.Options.SetRequestHeader("Authorization", $"Bearer {token}");
            api.Options.CollectHttpResponseDetails = true;
            // The upgrade request joins the trace of the browser's; each invocation gets a trace of its own.
            DistributedContextPropagator.Current.Inject(
                Activity.Current, api.Options, static (options, key, value) => ((ClientWebSocketOptions)options!).SetRequestHeader(key, value));
            try
            {
                await api.ConnectAsync(WebSocketAddress(address), context.RequestAborted);
                return api;
            }
            catch (WebSocketException exception)
            {
                LogReplicaUnreachable(logger, exception, address, (int)api.HttpStatusCode);
                api.Dispose();
                if (api.HttpStatusCode == HttpStatusCode.Unauthorized)
                {
                    return null;
                }
            }
        }

        return null;
    }

    private static async Task PumpAsync(WebSocket from, WebSocket to, InvocationTracer? tracer, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        var message = new MemoryStream();
        try
        {
            while (true)
            {
                var received = await from.ReceiveAsync(buffer, cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                if (tracer is null || received.MessageType != WebSocketMessageType.Text)
                {
                    await to.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, cancellationToken);
                    continue;
                }

                message.Write(buffer, 0, received.Count);
                if (message.Length > MaxMessageBytes)
                {
                    return;
                }

                if (received.EndOfMessage)
                {
                    var traced = tracer.Trace(message.GetBuffer().AsSpan(0, (int)message.Length));
                    if (!traced.IsEmpty)
                    {
                        await to.SendAsync(traced, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
                    }

                    message.SetLength(0);
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // The connection is gone; the relay closes the other side.
        }
    }

    /// <summary>Closes (or answers the close of) a socket; one that will not close in time is aborted.</summary>
    private static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status, string? description)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(CloseGrace);
            await socket.CloseOutputAsync(status, description, timeout.Token);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            socket.Abort();
        }
    }

    private static Uri WebSocketAddress(Uri api) =>
        new UriBuilder(api) { Scheme = api.Scheme == Uri.UriSchemeHttps ? "wss" : "ws", Path = Path }.Uri;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The API replica at {Address} did not take the hub connection (HTTP {Status})")]
    private static partial void LogReplicaUnreachable(ILogger logger, Exception exception, Uri address, int status);
}
