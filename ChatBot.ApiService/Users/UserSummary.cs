using ChatBot.Data;

namespace ChatBot.ApiService.Users;

public sealed record UserSummary(string Id, string UserName, string DisplayName)
{
    public static UserSummary From(ChatUser user) => new(user.Id, user.UserName!, user.DisplayName);
}
