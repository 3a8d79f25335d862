using ChatBot.ApiService.Refusals;
using ChatBot.ApiService.Users;
using ChatBot.Data;

namespace ChatBot.ApiService.Groups;

/// <summary>What a group's name and its people must be; each rule broken is a refusal with its own code.</summary>
public static class GroupRules
{
    /// <summary>The fewest people in a new group: its creator and two others.</summary>
    public const int MinMembers = 3;

    public const int MaxMembers = Conversation.MaxGroupMembers;

    public const int MaxNameLength = Conversation.MaxNameLength;

    private const int MaxUserIdLength = 64;

    /// <summary>A group's name follows the rule of every name people read.</summary>
    public static readonly NameRule Name = new("A group's name", "A group needs a name.", MaxNameLength, RefusalCodes.InvalidGroupName);

    /// <summary>The people a request names: present, well-formed, each once, and not the caller.</summary>
    public static Refusal? CheckPeople(string[]? userIds, string callerId)
    {
        if (userIds is null || userIds.Length == 0)
        {
            return Refusal.InvalidArgument("Say whom: no one was named.");
        }

        if (userIds.Length >= MaxMembers)
        {
            return TooMany(userIds.Length + 1);
        }

        if (!userIds.All(IsUserId))
        {
            return Refusal.InvalidArgument("A person's id is missing or malformed.");
        }

        if (userIds.Contains(callerId))
        {
            return Refusal.InvalidArgument("You are in the group already: name the others.");
        }

        return userIds.Distinct().Count() == userIds.Length
            ? null
            : Refusal.InvalidArgument("Name each person once.");
    }

    /// <summary>Whether the text has the form of a person's id (whether there is such a person is for the database to say).</summary>
    public static bool IsUserId(string? id) => id is { Length: > 0 and <= MaxUserIdLength };

    public static Refusal TooFew() => InvalidSize($"A group has at least {MinMembers} people: you and {MinMembers - 1} others.");

    public static Refusal TooMany(int people) => InvalidSize($"A group has at most {MaxMembers} people; this would make {people}.");

    private static Refusal InvalidSize(string message) =>
        new(RefusalCodes.InvalidGroupSize, message, new Dictionary<string, object>
        {
            ["minMembers"] = MinMembers,
            ["maxMembers"] = MaxMembers,
        });
}
