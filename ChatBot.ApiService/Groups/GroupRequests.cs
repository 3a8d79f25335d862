namespace ChatBot.ApiService.Groups;

/// <param name="Name">A name as <see cref="GroupRules.Name"/> has it.</param>
/// <param name="MemberIds">The people to have in it besides the creator, each once: enough to make <see cref="GroupRules.MinMembers"/>, at most <see cref="GroupRules.MaxMembers"/>.</param>
public sealed record CreateGroupRequest(string? Name, string[]? MemberIds);

public sealed record RenameGroupRequest(string? Name);

/// <param name="UserIds">The people to add, each once.</param>
public sealed record AddMembersRequest(string[]? UserIds);

public sealed record MakeAdminRequest(string? UserId);
