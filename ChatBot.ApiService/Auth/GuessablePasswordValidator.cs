using System.Collections.Frozen;
using ChatBot.Data;
using Microsoft.AspNetCore.Identity;

namespace ChatBot.ApiService.Auth;

/// <summary>
/// Refuses what an attacker tries first: the passwords people choose most often (common-passwords.txt,
/// whose origin its NOTICE file gives), those same passwords with a few digits or symbols around them (a year,
/// a "1!": the first variations a guesser tries), and passwords that contain the account's user name or
/// display name. Case is ignored; length and any Unicode are otherwise the person's choice.
/// </summary>
internal sealed class GuessablePasswordValidator : IPasswordValidator<ChatUser>
{
    /// <summary>Shorter names are too likely to occur in a password by chance.</summary>
    private const int MinNameLength = 3;

    /// <summary>How many digits and symbols around a common password still leave it common: a year is four.</summary>
    private const int MaxAddedCharacters = 4;

    private static readonly char[] AddedCharacters = [.. "0123456789!@#$%^&*()-_=+.,?~"];

    private static readonly Lazy<FrozenSet<string>> CommonPasswords = new(LoadCommonPasswords);

    public Task<IdentityResult> ValidateAsync(UserManager<ChatUser> manager, ChatUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success); // Identity's own validator says what is missing
        }

        var errors = new List<IdentityError>();
        var lower = password.ToLowerInvariant();
        if (CommonPasswords.Value.Contains(lower))
        {
            errors.Add(FriendlyIdentityErrors.PasswordTooCommon());
        }
        else if (IsCommonWithAFewAdded(lower))
        {
            errors.Add(FriendlyIdentityErrors.PasswordTooCommonWithAdditions());
        }

        if (Contains(password, user.UserName) || Contains(password, user.DisplayName))
        {
            errors.Add(FriendlyIdentityErrors.PasswordContainsName());
        }

        return Task.FromResult(errors.Count == 0 ? IdentityResult.Success : IdentityResult.Failed([.. errors]));
    }

    private static bool IsCommonWithAFewAdded(string password)
    {
        var core = password.Trim(AddedCharacters);
        return core.Length > 0 && password.Length - core.Length <= MaxAddedCharacters && CommonPasswords.Value.Contains(core);
    }

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
