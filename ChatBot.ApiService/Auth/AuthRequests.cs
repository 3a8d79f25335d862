using System.ComponentModel.DataAnnotations;
using ChatBot.Data;

namespace ChatBot.ApiService.Auth;

public sealed record RegisterRequest(
    [property: Required(ErrorMessage = "Choose a user name.")]
    [property: RegularExpression(
        UserNames.Pattern,
        ErrorMessage = "A user name has 3 to 32 characters: letters, digits, '_', '.' or '-'.")]
    string UserName,
    [property: Required(ErrorMessage = "Choose a display name.")]
    [property: StringLength(ChatUser.MaxDisplayNameLength, ErrorMessage = "A display name has at most 64 characters.")]
    string DisplayName,
    [property: Required(ErrorMessage = "Choose a password.")]
    [property: StringLength(Passwords.MaxLength, ErrorMessage = "A password has at most 256 characters.")]
    string Password);

/// <param name="DeviceToken">Given to this device when it last signed in as this name (<c>POST /api/auth/device</c>), if ever.</param>
public sealed record LoginRequest(
    [property: Required(ErrorMessage = "Enter your user name.")] string UserName,
    [property: Required(ErrorMessage = "Enter your password.")] string Password,
    string? DeviceToken = null);

public sealed record RefreshRequest(
    [property: Required] string RefreshToken);

public static class UserNames
{
    public const string Pattern = "^[A-Za-z0-9_.-]{3,32}$";
}

public static class Passwords
{
    public const int MinLength = 8;
    public const int MaxLength = 256;
}
