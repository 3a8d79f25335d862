using System.ComponentModel.DataAnnotations;
using ChatBot.Data;

namespace ChatBot.ApiService.Auth;

public sealed record RegisterRequest(
    [property: Required(ErrorMessage = "Choose a user name.")]
    [property: UserName]
    string UserName,
    [property: Required(ErrorMessage = "Choose a display name.")]
    [property: StringLength(ChatUser.MaxDisplayNameLength, ErrorMessage = "A display name has at most {1} characters.")]
    string DisplayName,
    [property: Required(ErrorMessage = "Choose a password.")]
    [property: StringLength(Passwords.MaxLength, ErrorMessage = "A password has at most {1} characters.")]
    string Password);

/// <param name="DeviceToken">Given to this device when it last signed in as this name (<c>POST /api/auth/device</c>), if ever.</param>
public sealed record LoginRequest(
    [property: Required(ErrorMessage = "Enter your user name.")] string UserName,
    [property: Required(ErrorMessage = "Enter your password.")] string Password,
    string? DeviceToken = null);

public sealed record RefreshRequest(
    [property: Required] string RefreshToken);

/// <summary>What a user name is: the handle others find a person by.</summary>
public static class UserNames
{
    public static readonly string Rule =
        $"A user name has {ChatUser.MinUserNameLength} to {ChatUser.MaxUserNameLength} characters: letters, digits, '_', '.' or '-'.";

    public static bool IsValid(string name) =>
        name.Length is >= ChatUser.MinUserNameLength and <= ChatUser.MaxUserNameLength && name.All(ChatUser.UserNameCharacters.Contains);
}

/// <summary>A registration's user name follows <see cref="UserNames.Rule"/>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class UserNameAttribute() : ValidationAttribute(() => UserNames.Rule)
{
    public override bool IsValid(object? value) => value is not string name || UserNames.IsValid(name);
}

public static class Passwords
{
    public const int MinLength = 8;
    public const int MaxLength = 256;
}
