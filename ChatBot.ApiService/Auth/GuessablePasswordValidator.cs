using System.Collections.Frozen;
using ChatBot.Data;
using Microsoft.AspNetCore.Identity;

namespace ChatBot.ApiService.Auth;

/// <summary>
/// Refuses what an attacker tries first: the passwords people choose most often (common-passwords.txt,
/// whose origin its NOTICE file gives) and passwords that contain the account's user name or display name.
/// Case is ignored; length and any Unicode are otherwise the person's choice.
/// </summary>
internal sealed class GuessablePasswordValidator : IPasswordValidator<ChatUser>
{
    /// <summary>Shorter names are too likely to occur in a password by chance.</summary>
    private const int MinNameLength = 3;

    private static readonly Lazy<FrozenSet<string>> CommonPasswords = new(LoadCommonPasswords);

    public Task<IdentityResult> ValidateAsync(UserManager<ChatUser> manager, ChatUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success); // Identity's own validator says what is missing
        }

        var errors = new List<IdentityError>();
        if (CommonPasswords.Value.Contains(password.ToLowerInvariant()))
        {
            errors.Add(FriendlyIdentityErrors.PasswordTooCommon());
        }

        if (Contains(password, user.UserName) || Contains(password, user.DisplayName))
        {
            errors.Add(FriendlyIdentityErrors.PasswordContainsName());
        }

        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }

    public static int CommonPasswordCount => CommonPasswords.Value.Count;

    private static bool Contains(string password, string? name) =>
        name?.Trim() is { Length: >= MinNameLength } trimmed && password.Contains(trimmed, StringComparison.OrdinalIgnoreCase);

    private static FrozenSet<string> LoadCommonPasswords()
    {
        using var stream = typeof(GuessablePasswordValidator).Assembly.GetManifestResourceStream("ChatBot.ApiService.Auth.common-passwords.txt")
            ?? throw new InvalidOperationException("The list of common passwords is missing from the build.");
        using var reader = new StreamReader(stream);
        var passwords = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                passwords.Add(line);
            }
        }

        return passwords.ToFrozenSet(StringComparer.Ordinal);
    }
}
