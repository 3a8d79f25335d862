using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using ChatBot.ServiceDefaults;
using ChatBot.Web.Auth;

namespace ChatBot.Web.Proxy;

/// <summary>
/// Relays the browser's hub WebSocket to the API, authenticated with the session's bearer token here, on
/// the server. From the browser to the API every invocation is traced (<see cref="InvocationTracer"/>);
/// from the API to the browser, frames pass through untouched.
/// <para>
/// A client that skips negotiation goes to the next available replica. A client that negotiates (for
/// stateful reconnect) gets a connection token that names the replica holding its connection, so its
/// WebSocket, and every stateful reconnect of it, goes back there; no load balancer needs sticky sessions.
/// That token is sealed to the person who negotiated it (<see cref="RelayedConnectionToken"/>).
/// </para>
/// </summary>
public static partial class HubRelay
{
    public const string Path = "/hubs/chat";

    /// <summary>How much of a WebSocket message is read at a time, into a buffer rented once data is there.</summary>
    private const int ReceiveBufferBytes = 16 * 1024;

    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    public static IEndpointConventionBuilder MapHubRelay(this IEndpointRouteBuilder app)
    {
        var hub = app.MapGroup(Path).RequireAuthorization();
        hub.MapPost("/negotiate", NegotiateAsync);
        hub.Map("", RelayAsync);
        return hub;
    }

    private static async Task NegotiateAsync(
        HttpContext context,
        ApiDestinations destinations,
        RelayedConnectionToken tokens,
        IHttpClientFactory clients,
        ILoggerFactory loggers)
    {
        if (!SameOrigin.IsSatisfiedBy(context.Request))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, "Cross-origin requests are refused.");
            return;
        }

        var token = await Session.AccessTokenAsync(context);
        var http = clients.CreateClient(nameof(HubRelay));
        foreach (var (id, address) in destinations.InRotation())
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, $"{Path}/negotiate{context.Request.QueryString}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            try
            {
                using var response = await http.SendAsync(request, context.RequestAborted);
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                    return;
                }

                response.EnsureSuccessStatusCode();
                var negotiation = (await response.Content.ReadFromJsonAsync<JsonObject>(context.RequestAborted))!;
                if (negotiation["connectionToken"]?.GetValue<string>() is { } connectionToken)
                {
                    negotiation["connectionToken"] = tokens.Wrap(context.User.UserId(), id, connectionToken);
                }

                await Results.Json(negotiation).ExecuteAsync(context);
                return;
            }
            catch (HttpRequestException exception)
            {
                LogReplicaUnreachable(loggers.CreateLogger(typeof(HubRelay)), exception, address, (int?)exception.StatusCode ?? 0);
            }
        }

        await Refuse(context, StatusCodes.Status503ServiceUnavailable, "The chat service cannot be reached right now.");
    }

    private static async Task RelayAsync(
        HttpContext context, ApiDestinations destinations, RelayedConnectionToken tokens, ILoggerFactory loggers)
    {
        if (!SameOrigin.IsSatisfiedBy(context.Request))
        {
            await Refuse(context, StatusCodes.Status403Forbidden, "Cross-origin requests are refused.");
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Refuse(context, StatusCodes.Status400BadRequest, "The hub takes WebSocket connections only.");
            return;
        }

        string? connectionToken = null;
        IEnumerable<(string Id, Uri Address)> replicas;
        if (context.Request.Query["id"].ToString() is not { Length: > 0 } id)
        {
            replicas = destinations.InRotation();
        }
        else if (tokens.TryUnwrap(context.User.UserId(), id, out var replicaId, out connectionToken) && destinations.Find(replicaId) is { } address)
        {
            replicas = [(replicaId, address)];
        }
        else
        {
            await Refuse(context, StatusCodes.Status404NotFound, "No such connection; negotiate a new one.");
            return;
        }

        using var api = await ConnectToApiAsync(context, replicas, connectionToken, loggers.CreateLogger(typeof(HubRelay)));
        if (api is null)
        {
            await Refuse(context, StatusCodes.Status503ServiceUnavailable, "The chat service cannot be reached right now.");
            return;
        }

        using var browser = await context.WebSockets.AcceptWebSocketAsync();
        using var tracer = new InvocationTracer(Activity.Current?.Context ?? default);
        await PipeAsync(browser, api, tracer, context.RequestAborted);
    }

    private static async Task PipeAsync(WebSocket browser, WebSocket api, InvocationTracer tracer, CancellationToken aborted)
    {
        using var relaying = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var toApi = PumpAsync(browser, api, tracer, relaying.Token);
        var toBrowser = PumpAsync(api, browser, tracer: null, relaying.Token);

        var first = await Task.WhenAny(toApi, toBrowser);
        var (ended, other) = first == toApi ? (browser, api) : (api, browser);
        if (await first)
        {
            // A close from one side is passed on to the other.
            await CloseAsync(other, ended.CloseStatus ?? WebSocketCloseStatus.NormalClosure, ended.CloseStatusDescription);
        }
        else if (other == api)
        {
            // The browser vanished: drop the API side without a close, so that the API keeps the connection
            // for a stateful reconnect.
            api.Abort();
        }
        else
        {
            // The API vanished: the browser reconnects, and negotiates its way to a live replica.
            await CloseAsync(browser, WebSocketCloseStatus.EndpointUnavailable, "The chat service restarted.");
        }

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

    /// <summary>Tries the replicas in order; the first that takes the connection gets it.</summary>
    private static async Task<ClientWebSocket?> ConnectToApiAsync(
        HttpContext context, IEnumerable<(string Id, Uri Address)> replicas, string? connectionToken, ILogger logger)
    {
        var token = await Session.AccessTokenAsync(context);
        foreach (var (_, address) in replicas)
        {
            var api = new ClientWebSocket();
            api.Options.SetRequestHeader("Authorization", $"Bearer {token}");
            if (context.ClientAddress() is { } client)
            {
                api.Options.SetRequestHeader(ForwardedClientAddress.Header, client);
            }

            api.Options.CollectHttpResponseDetails = true;
            // The upgrade request joins the trace of the browser's; each invocation gets a trace of its own.
            DistributedContextPropagator.Current.Inject(
                Activity.Current, api.Options, static (options, key, value) => ((ClientWebSocketOptions)options!).SetRequestHeader(key, value));
            try
            {
                await api.ConnectAsync(WebSocketAddress(address, connectionToken), context.RequestAborted);
                return api;
            }
            catch (WebSocketException exception)
            {
                LogReplicaUnreachable(logger, exception, address, (int)api.HttpStatusCode);
                api.Dispose();
                if (api.HttpStatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.NotFound)
                {
                    return null;
                }
            }
        }

        return null;
    }

    /// <returns>
    /// True when the source closed with a close frame, or was closed here for sending a record larger than the
    /// hub takes; false when it failed or was cancelled.
    /// </returns>
    private static async Task<bool> PumpAsync(WebSocket from, WebSocket to, InvocationTracer? tracer, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                // Wait for data without a buffer, so that an idle connection holds none (SignalR's own transport
                // waits the same way); the wait itself takes a frame only when the frame is empty.
                var received = await from.ReceiveAsync(Memory<byte>.Empty, cancellationToken);
                var buffer = received.EndOfMessage || received.MessageType == WebSocketMessageType.Close
                    ? null
                    : ArrayPool<byte>.Shared.Rent(ReceiveBufferBytes);
                try
                {
                    if (buffer is not null)
                    {
                        received = await from.ReceiveAsync(buffer.AsMemory(), cancellationToken);
                    }

                    var chunk = buffer is null ? Memory<byte>.Empty : buffer.AsMemory(0, received.Count);
                    if (received.MessageType == WebSocketMessageType.Close || !await PassOnAsync(from, to, tracer, chunk, received, cancellationToken))
                    {
                        return true;
                    }
                }
                finally
                {
                    if (buffer is not null)
                    {
                        ArrayPool<byte>.Shared.Return(buffer);
                    }
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <returns>False when the source has been closed here, for sending a record larger than the hub takes.</returns>
    private static async Task<bool> PassOnAsync(
        WebSocket from, WebSocket to, InvocationTracer? tracer, ReadOnlyMemory<byte> chunk, ValueWebSocketReceiveResult received, CancellationToken cancellationToken)
    {
        if (tracer is null || received.MessageType != WebSocketMessageType.Text)
        {
            await to.SendAsync(chunk, received.MessageType, received.EndOfMessage, cancellationToken);
            return true;
        }

        // Records, not WebSocket messages, are what the hub reads: each goes on whole, as one message.
        if (await tracer.RelayAsync(chunk, records => to.SendAsync(records, WebSocketMessageType.Text, endOfMessage: true, cancellationToken)))
        {
            return true;
        }

        await CloseAsync(from, WebSocketCloseStatus.MessageTooBig, $"A hub message is larger than {InvocationTracer.MaxRecordBytes / 1024} KiB.");
        return false;
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

    private static Task Refuse(HttpContext context, int status, string detail) =>
        Results.Problem(detail, statusCode: status).ExecuteAsync(context);

    private static Uri WebSocketAddress(Uri api, string? connectionToken) => new UriBuilder(api)
    {
        Scheme = api.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
        Path = Path,
        Query = connectionToken is null ? "" : $"id={Uri.EscapeDataString(connectionToken)}",
    }.Uri;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The API replica at {Address} did not take the hub connection (HTTP {Status})")]
    private static partial void LogReplicaUnreachable(ILogger logger, Exception exception, Uri address, int status);
}
