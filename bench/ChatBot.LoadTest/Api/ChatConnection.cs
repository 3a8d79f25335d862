using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.LoadTest.Api;

/// <summary>
/// One device of one person: a WebSocket to the hub, without negotiation, as any replica takes it; with the
/// person's bearer token, or, signed in at a web front end, with its session cookie through it, as a browser.
/// </summary>
public sealed class ChatConnection : IAsyncDisposable
{
    private ChatConnection(HubConnection hub) => Hub = hub;

    public HubConnection Hub { get; }

    public static async Task<ChatConnection> ConnectAsync(Uri hubServer, User user, bool messagePack, Action<Message>? onMessage = null)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(hubServer, "/hubs/chat"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                if (user.WebSession is { } cookies)
                {
                    options.Cookies = cookies;
                    options.Headers["Origin"] = hubServer.GetLeftPart(UriPartial.Authority);
                }
                else
                {
                    options.AccessTokenProvider = () => Task.FromResult<string?>(user.AccessToken);
                }
            });
        if (messagePack)
        {
            builder.AddMessagePackProtocol();
        }

        var hub = builder.Build();
        if (onMessage is not null)
        {
            hub.On("MessageReceived", onMessage);
        }

        await hub.StartAsync();
        return new ChatConnection(hub);
    }

    public Task<Message> SendAsync(Guid conversationId, string body) =>
        Hub.InvokeAsync<Message>("SendMessage", new SendMessageRequest(conversationId, Guid.CreateVersion7(), body));

    /// <summary>A message with no text, carrying files uploaded before.</summary>
    public Task<Message> SendFilesAsync(Guid conversationId, Guid[] fileIds) =>
        Hub.InvokeAsync<Message>("SendMessage", new SendMessageRequest(conversationId, Guid.CreateVersion7(), "") { FileIds = fileIds });

    public Task<Message> EditAsync(Guid conversationId, Guid clientMessageId, long seq, string body) =>
        Hub.InvokeAsync<Message>("EditMessage", new EditMessageRequest(conversationId, clientMessageId, seq, body));

    public Task<Message> DeleteAsync(Guid conversationId, Guid clientMessageId, long seq) =>
        Hub.InvokeAsync<Message>("DeleteMessage", new DeleteMessageRequest(conversationId, clientMessageId, seq));

    public Task<Message> ToggleReactionAsync(Guid conversationId, Guid clientMessageId, long seq, string emoji) =>
        Hub.InvokeAsync<Message>("ToggleReaction", new ToggleReactionRequest(conversationId, clientMessageId, seq, emoji));

    public Task<List<Message>> GetMessagesAfterAsync(Guid conversationId, long afterSeq, int limit) =>
        Hub.InvokeAsync<List<Message>>("GetMessagesAfter", conversationId, afterSeq, limit);

    public ValueTask DisposeAsync() => Hub.DisposeAsync();
}
