using ChatBot.ApiService.Conversations;
using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Messages;
using ChatBot.Data;

namespace ChatBot.ApiService.Groups;

/// <summary>Sends a group's events, once committed, to the devices of those who see them, as the hub sends messages.</summary>
public sealed class GroupEvents(ConversationAccess access, FanOut fanOut)
{
    /// <returns>The events, as their recipients got them.</returns>
    public async Task<List<MessageDto>> SendAsync(ChatDbContext db, Guid groupId, GroupChangeResult change, CancellationToken cancellationToken)
    {
        // The members this replica knows are read afresh now; every other replica sees that they changed
        // from the conversation's MembershipSeq, before it sends anything of the group.
        access.Forget(groupId);
        var events = await db.ToDtosAsync([.. change.Events.Select(e => e.Event)], cancellationToken);
        for (var i = 0; i < events.Count; i++)
        {
            await fanOut.SendAsync(events[i], change.Events[i].Recipients);
        }

        return events;
    }
}
