namespace ChatBot.ApiService.Hubs;

/// <summary>
/// The SignalR groups the hub sends through. Groups are not security: every call that names a conversation
/// checks membership first, and what concerns a conversation is sent to the groups of its members only.
/// </summary>
public static class HubGroups
{
    /// <summary>Every connection of one person: their devices.</summary>
    public static string DevicesOf(string userId) => $"user:{userId}";

    // Groups rather than Clients.Users: a group is found by name, where finding a user's connections
    // means looking at every connection of the server.
    public static List<string> DevicesOf(IEnumerable<string> userIds) => userIds.Select(DevicesOf).ToList();

    /// <summary>
    /// The connections of one member that have the conversation open: they are told its ephemeral events
    /// (typing). Per member, so that what is sent reaches the current members' only, whoever joined it before.
    /// </summary>
    public static string Watching(Guid conversationId, string userId) => $"watching:{conversationId}:{userId}";
}
