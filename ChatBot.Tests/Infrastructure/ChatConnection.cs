using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Messages;
using ChatBot.ApiService.Presence;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Tests.Infrastructure;

/// <summary>One device of a user: a SignalR connection to the hub, recording every event it receives.</summary>
public sealed class ChatConnection : IAsyncDisposable
{
    private ChatConnection(HubConnection hub)
    {
        Hub = hub;
        hub.On<MessageDto>(nameof(IChatClient.MessageReceived), Messages.Add);
        hub.On<TypingNotice>(nameof(IChatClient.TypingStarted), Typing.Add);
        hub.On<Receipt>(nameof(IChatClient.MessagesDelivered), Deliveries.Add);
        hub.On<Receipt>(nameof(IChatClient.MessagesRead), Reads.Add);
        hub.On<PresenceNotice>(nameof(IChatClient.PresenceChanged), Presence.Add);
    }

    public HubConnection Hub { get; }

    public EventLog<MessageDto> Messages { get; } = new();

    public EventLog<TypingNotice> Typing { get; } = new();

    public EventLog<Receipt> Deliveries { get; } = new();

    public EventLog<Receipt> Reads { get; } = new();

    public EventLog<PresenceNotice> Presence { get; } = new();

    /// <param name="reconnect">Whether to reconnect, forever, when the connection drops.</param>
    public static async Task<ChatConnection> ConnectAsync(
        Uri server, string? accessToken, Action<HttpConnectionOptions>? configure = null, bool reconnect = false)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "/hubs/chat"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.AccessTokenProvider = () => Task.FromResult(accessToken);
                configure?.Invoke(options);
            })
            .AddJsonProtocol(Json.HubProtocol);
        if (reconnect)
        {
            builder.WithAutomaticReconnect(new RetryForever());
        }

        var hub = builder.Build();
        var connection = new ChatConnection(hub);
        await hub.StartAsync();
        // The handshake is answered before the server runs OnConnectedAsync (the connection's groups, its
        // presence), and invocations only after: one round trip makes "connected" mean "registered", as the
        // browser's catch-up after every connect does.
        await hub.InvokeAsync<List<PresenceNotice>>(nameof(ChatHub.WatchPresence), Array.Empty<string>());
        return connection;
    }

    public Task<MessageDto> SendAsync(Guid conversationId, string body, Guid? clientMessageId = null) =>
        Hub.InvokeAsync<MessageDto>(
            nameof(ChatHub.SendMessage), new SendMessageRequest(conversationId, clientMessageId ?? Guid.NewGuid(), body));

    public Task<List<MessageDto>> GetMessagesAfterAsync(Guid conversationId, long afterSeq, int limit = 500) =>
        Hub.InvokeAsync<List<MessageDto>>(nameof(ChatHub.GetMessagesAfter), conversationId, afterSeq, limit);

    public ValueTask DisposeAsync() => Hub.DisposeAsync();
}
