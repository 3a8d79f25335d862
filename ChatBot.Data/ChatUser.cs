using Microsoft.AspNetCore.Identity;

namespace ChatBot.Data;

/// <summary>A person who chats. <see cref="IdentityUser.UserName"/> is the handle others search for.</summary>
public sealed class ChatUser : IdentityUser
{
    public const int MinUserNameLength = 3;
    public const int MaxUserNameLength = 32;
    public const int MaxDisplayNameLength = 64;

    /// <summary>The characters a user name may contain; Identity enforces this list on every create and rename.</summary>
    public const string UserNameCharacters =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";

    public string DisplayName
    {
        get;
        set
        {
            field = value;
            NormalizedDisplayName = Normalize(value);
        }
    } = "";

    /// <summary>
    /// The display name as the people search compares it: upper-cased, as Identity keeps the user name's.
    /// Searching normalized text makes it case-insensitive, and the same on every database.
    /// </summary>
    public string NormalizedDisplayName { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastSeenAt { get; set; }

    /// <summary>How names and search text are compared, as Identity's lookup normalizer has it: composed, upper case.</summary>
    public static string Normalize(string text) => text.Normalize().ToUpperInvariant();
}
