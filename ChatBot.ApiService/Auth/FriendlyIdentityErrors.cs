using Microsoft.AspNetCore.Identity;

namespace ChatBot.ApiService.Auth;

/// <summary>Identity's errors in the words the register form shows.</summary>
internal sealed class FriendlyIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError DuplicateUserName(string userName) =>
        new() { Code = nameof(DuplicateUserName), Description = "That user name is taken." };

    public override IdentityError InvalidUserName(string? userName) =>
        new() { Code = nameof(InvalidUserName), Description = UserNames.Rule };

    public override IdentityError PasswordTooShort(int length) =>
        new() { Code = nameof(PasswordTooShort), Description = $"The password is too weak: use at least {length} characters." };

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        new() { Code = nameof(PasswordRequiresUniqueChars), Description = $"The password is too weak: use at least {uniqueChars} different characters." };

    public static IdentityError PasswordTooCommon() =>
        new() { Code = nameof(PasswordTooCommon), Description = "The password is too easy to guess: it is one of the most common passwords." };

    public static IdentityError PasswordTooCommonWithAdditions() =>
        new() { Code = nameof(PasswordTooCommonWithAdditions), Description = "The password is too easy to guess: it is a common password with a few digits or symbols added." };

    public static IdentityError PasswordContainsName() =>
        new() { Code = nameof(PasswordContainsName), Description = "The password is too easy to guess: it contains your user name or display name." };

    public static IdentityError InvalidDisplayName(string reason) =>
        new() { Code = nameof(InvalidDisplayName), Description = reason };

    /// <summary>The request field an error belongs to, so the form can show it beside that field.</summary>
    public static string FieldOf(IdentityError error) => error.Code switch
    {
        nameof(DuplicateUserName) or nameof(InvalidUserName) => "userName",
        nameof(InvalidDisplayName) => "displayName",
        _ when error.Code.StartsWith("Password", StringComparison.Ordinal) => "password",
        _ => "",
    };
}
