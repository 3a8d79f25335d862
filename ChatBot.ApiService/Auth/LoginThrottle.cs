using ChatBot.ApiService.Security;
using ChatBot.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ChatBot.ApiService.Auth;

/// <summary>
/// Locks a user name after repeated failed sign-ins, whether or not an account has that name, and makes
/// a sign-in with an unknown name cost what one with a wrong password costs: neither the answer, nor
/// when it stops being given, nor how long it takes tells whether an account exists. A device the name has
/// signed in from before (<see cref="KnownDevices"/>) has a count of its own instead: the lock that a
/// stranger's guesses set does not keep the owner out.
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

    /// <summary>What failures count against: the known device, or else the user name.</summary>
    public static string KeyFor(string normalizedName, string? knownDeviceId) =>
        knownDeviceId is null ? $"login:{normalizedName}" : $"login-device:{knownDeviceId}";

    public async Task<bool> IsLockedAsync(string key) => await store.CountAsync(key) >= options.Value.LoginFailures;

    public Task FailedAsync(string key) => store.IncrementAsync(key, options.Value.LoginLockout);

    public Task SucceededAsync(string key) => store.ResetAsync(key);

    /// <summary>Verifies the password against a hash of nothing: the work a real account's check takes.</summary>
    public void SpendVerificationTime(string password) =>
        hasher.VerifyHashedPassword(Decoy, s_decoyHash ??= hasher.HashPassword(Decoy, Guid.NewGuid().ToString()), password);
}
