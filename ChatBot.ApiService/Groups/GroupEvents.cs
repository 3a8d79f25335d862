using System.Diagnostics;
using ChatBot.ApiService.Conversations;
using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Telemetry;
using Microsoft.AspNetCore.SignalR;

namespace ChatBot.ApiService.Groups;

/// <summary>
/// Sends a group's events, once committed, to the devices of those who see them, as the hub sends
/// messages. Like a message's fan-out, this only makes it faster: whoever misses an event catches up on it.
/// </summary>
public sealed partial class GroupEvents(
    IHubContext<ChatHub, IChatClient> hub, ConversationAccess access, ILogger<GroupEvents> logger)
{
    public async Task SendAsync(Guid groupId, GroupChangeResult change)
    {
        // The members this replica knows are read afresh now; every other replica sees that they changed
        // from the conversation's MembershipSeq, before it sends anything of the group.
        access.Forget(groupId);
        foreach (var (message, recipients) in change.Events)
        {
            using var activity = ChatTelemetry.StartFanOut(message.ConversationId, message.Seq, recipients.Count);
            try
            {
                await hub.Clients.Groups(HubGroups.DevicesOf(recipients)).MessageReceived(message);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                activity?.AddException(exception).SetStatus(ActivityStatusCode.Error);
                LogFanOutFailed(logger, exception, message.ConversationId, message.Seq);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending event {Seq} of group {ConversationId} live failed; its recipients catch up")]
    private static partial void LogFanOutFailed(ILogger logger, Exception exception, Guid conversationId, long seq);
}
