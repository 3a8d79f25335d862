using ChatBot.Data;

namespace ChatBot.ApiService.Users;

/// <summary>A person as others see them; <see cref="IsOnline"/> is filled in from presence, not the database.</summary>
public sealed record UserSummary(string Id, string UserName, string DisplayName, bool IsOnline, DateTimeOffset? LastSeenAt)
{
    public static UserSummary From(ChatUser user) => new(user.Id, user.UserName!, user.DisplayName, false, user.LastSeenAt);
}
