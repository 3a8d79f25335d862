using System.Text;
using ChatBot.ApiService.Refusals;
using ChatBot.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ChatBot.ApiService.Groups;

/// <summary>What a group's name and its people must be; each rule broken is a refusal with its own code.</summary>
public static class GroupRules
{
    /// <summary>The fewest people in a new group: its creator and two others.</summary>
    public const int MinMembers = 3;

    public const int MaxMembers = Conversation.MaxGroupMembers;

    public const int MaxNameLength = Conversation.MaxNameLength;

    private const int MaxUserIdLength = 64;

    /// <summary>The name as it is stored: composed (NFC), trimmed, 1 to 64 characters, no control characters.</summary>
    public static ProblemHttpResult? TryNormalizeName(string? name, out string normalized)
    {
        normalized = (name ?? "").Normalize(NormalizationForm.FormC).Trim();
        return normalized switch
        {
            "" => InvalidName("A group needs a name."),
            { Length: > MaxNameLength } => InvalidName($"A group's name has at most {MaxNameLength} characters; this one has {normalized.Length}."),
            _ when normalized.Any(char.IsControl) => InvalidName("A group's name is one line of text, without control characters."),
            _ => null,
        };
    }

    /// <summary>The people a request names: present, well-formed, each once, and not the caller.</summary>
    public static ProblemHttpResult? CheckPeople(string[]? userIds, string callerId)
    {
        if (userIds is null || userIds.Length == 0)
        {
            return Refusal.InvalidArgument("Say whom: no one was named.").ToProblem(StatusCodes.Status400BadRequest);
        }

        if (userIds.Length >= MaxMembers)
        {
            return TooMany(userIds.Length + 1, StatusCodes.Status400BadRequest);
        }

        if (userIds.Any(id => id is not { Length: > 0 and <= MaxUserIdLength }))
        {
            return Refusal.InvalidArgument("A person's id is missing or malformed.").ToProblem(StatusCodes.Status400BadRequest);
        }

        if (userIds.Contains(callerId))
        {
            return Refusal.InvalidArgument("You are in the group already: name the others.").ToProblem(StatusCodes.Status400BadRequest);
        }

        return userIds.Distinct().Count() == userIds.Length
            ? null
            : Refusal.InvalidArgument("Name each person once.").ToProblem(StatusCodes.Status400BadRequest);
    }

    public static ProblemHttpResult TooFew() => InvalidSize(
        $"A group has at least {MinMembers} people: you and {MinMembers - 1} others.", StatusCodes.Status400BadRequest);

    public static ProblemHttpResult TooMany(int people, int status) => InvalidSize(
        $"A group has at most {MaxMembers} people; this would make {people}.", status);

    private static ProblemHttpResult InvalidName(string message) =>
        new Refusal(RefusalCodes.InvalidGroupName, message, new Dictionary<string, object> { ["maxLength"] = MaxNameLength })
            .ToProblem(StatusCodes.Status400BadRequest);

    private static ProblemHttpResult InvalidSize(string message, int status) =>
        new Refusal(RefusalCodes.InvalidGroupSize, message, new Dictionary<string, object>
        {
            ["minMembers"] = MinMembers,
            ["maxMembers"] = MaxMembers,
        }).ToProblem(status);
}
