using System.Diagnostics;
using ChatBot.ApiService.Conversations;
using ChatBot.ApiService.Messages;
using ChatBot.ApiService.Telemetry;
using Microsoft.AspNetCore.SignalR;

namespace ChatBot.ApiService.Hubs;

/// <summary>
/// Sends a committed row of a conversation's stream (a message or an event) to every device of those who see
/// it. This only makes delivery faster: if it fails (the backplane is down), nothing else fails, and whoever
/// missed the row catches up on it from the database.
/// </summary>
public sealed partial class FanOut(IHubContext<ChatHub, IChatClient> hub, ILogger<FanOut> logger)
{
    /// <summary>
    /// Sends the row to every device of every member who sees it, each member getting it as they see it from where
    /// they joined (<see cref="MessageDto.SeenFrom"/>).
    /// </summary>
    /// <param name="senderConnectionId">The connection that sent the row, which has it as its acknowledgement.</param>
    public async Task SendAsync(MessageDto row, Membership membership, string? senderConnectionId = null)
    {
        foreach (var seen in membership.PositionsSeeing(row.Seq).GroupBy(member => row.SeenFrom(member.JoinedSeq)))
        {
            await SendAsync(seen.Key, [.. seen.Select(member => member.UserId)], senderConnectionId);
        }
    }

    /// <param name="senderConnectionId">The connection that sent the row, which has it as its acknowledgement.</param>
    public async Task SendAsync(MessageDto row, IReadOnlyCollection<string> recipients, string? senderConnectionId = null)
    {
        using var activity = ChatTelemetry.StartFanOut(row.ConversationId, row.Seq, recipients.Count);
        try
        {
            var others = hub.Clients.Groups(HubGroups.DevicesOf(recipients.Where(r => r != row.SenderId)));
            var sender = senderConnectionId is null
                ? hub.Clients.Group(HubGroups.DevicesOf(row.SenderId))
                : hub.Clients.GroupExcept(HubGroups.DevicesOf(row.SenderId), [senderConnectionId]);
            await Task.WhenAll(
                others.MessageReceived(row),
                recipients.Contains(row.SenderId) ? sender.MessageReceived(row) : Task.CompletedTask);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            activity?.AddException(exception).SetStatus(ActivityStatusCode.Error);
            LogFailed(logger, exception, row.Seq, row.ConversationId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {Seq} of conversation {ConversationId} live failed; its recipients catch up")]
    private static partial void LogFailed(ILogger logger, Exception exception, long seq, Guid conversationId);
}
