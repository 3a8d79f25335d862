using System.Collections.Concurrent;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace ChatBot.BareHub;

public sealed record SendMessageRequest(Guid ConversationId, Guid ClientMessageId, string Body);

public sealed record MessageDto(Guid ConversationId, long Seq, string SenderId, Guid ClientMessageId, string Body, DateTimeOffset SentAt);

/// <summary>The chat hub's shape, bare: SendMessage numbers, fans out to every other device of every member, and acknowledges.</summary>
[Authorize]
public sealed class BareChatHub(Members members) : Hub
{
    private static readonly ConcurrentDictionary<Guid, long> LastSeq = new();

    public override Task OnConnectedAsync() => Groups.AddToGroupAsync(Context.ConnectionId, DevicesOf(Context.UserIdentifier!));

    public async Task<MessageDto> SendMessage(SendMessageRequest request)
    {
        var sender = Context.UserIdentifier!;
        var message = new MessageDto(
            request.ConversationId, LastSeq.AddOrUpdate(request.ConversationId, 1, (_, last) => last + 1), sender,
            request.ClientMessageId, request.Body, DateTimeOffset.UtcNow);
        var others = (await members.OfAsync(request.ConversationId)).Where(member => member != sender).Select(DevicesOf).ToList();
        await Task.WhenAll(
            Clients.Groups(others).SendAsync("MessageReceived", message),
            Clients.GroupExcept(DevicesOf(sender), [Context.ConnectionId]).SendAsync("MessageReceived", message));
        return message;
    }

    private static string DevicesOf(string userId) => $"user:{userId}";
}
