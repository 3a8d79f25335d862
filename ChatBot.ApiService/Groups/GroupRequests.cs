namespace ChatBot.ApiService.Groups;

/// <param name="Name">1 to 64 characters, trimmed.</param>
/// <param name="MemberIds">The people to have in it besides the creator: 2 to 99, each once.</param>
public sealed record CreateGroupRequest(string? Name, string[]? MemberIds);

public sealed record RenameGroupRequest(string? Name);

/// <param name="UserIds">The people to add, each once.</param>
public sealed record AddMembersRequest(string[]? UserIds);

public sealed record MakeAdminRequest(string? UserId);
