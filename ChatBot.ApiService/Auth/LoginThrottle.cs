using ChatBot.ApiService.Security;
using ChatBot.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ChatBot.ApiService.Auth;

/// <summary>
/// Locks a user name after repeated failed sign-ins, whether or not an account has that name, and makes
/// a sign-in with an unknown name cost what one with a wrong password costs: neither the answer, nor
/// when it stops being given, nor how long it takes tells whether an account exists.
/// </summary>
public sealed class LoginThrottle(
    IRateLimitStore store,
    IPasswordHasher<ChatUser> hasher,
    IOptions<RateLimitOptions> options)
{
    private static readonly ChatUser Decoy = new() { UserName = "decoy" };

    // A hash of a random password, made once per process with the app's hasher settings.
    private static string? s_decoyHash;

    public TimeSpan Lockout => options.Value.LoginLockout;

    public async Task<bool> IsLockedAsync(string normalizedName) =>
        await store.CountAsync(Key(normalizedName)) >= options.Value.LoginFailures;

    public Task FailedAsync(string normalizedName) => store.IncrementAsync(Key(normalizedName), options.Value.LoginLockout);

    public Task SucceededAsync(string normalizedName) => store.ResetAsync(Key(normalizedName));

    /// <summary>Verifies the password against a hash of nothing: the work a real account's check takes.</summary>
    public void SpendVerificationTime(string password) =>
        hasher.VerifyHashedPassword(Decoy, s_decoyHash ??= hasher.HashPassword(Decoy, Guid.NewGuid().ToString()), password);

    private static string Key(string normalizedName) => $"login:{normalizedName}";
}
