using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace ChatBot.ApiService.Auth;

/// <summary>
/// Device tokens (OWASP's "device cookies"): a device that has signed in as a user name holds a token that
/// says so. Failed sign-ins from a known device count against that device alone, so that someone guessing a
/// person's password from elsewhere locks the name for everyone else but never for its owner's own devices.
/// </summary>
public sealed class KnownDevices(IDataProtectionProvider protection, TimeProvider time)
{
    /// <summary>How long a device stays known without signing in again; the front end keeps its cookie as long.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    private readonly ITimeLimitedDataProtector _protector =
        protection.CreateProtector("ChatBot.ApiService.KnownDevice").ToTimeLimitedDataProtector();

    public DeviceToken Issue(string normalizedName)
    {
        var expiresAt = time.GetUtcNow() + Lifetime;
        return new DeviceToken(_protector.Protect($"{Guid.NewGuid():N}:{normalizedName}", expiresAt), expiresAt);
    }

    /// <returns>The device's id when <paramref name="token"/> was issued for <paramref name="normalizedName"/>; null otherwise.</returns>
    public string? Recognize(string? token, string normalizedName)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        try
        {
            var (deviceId, name) = _protector.Unprotect(token).Split(':', 2) is [var id, var forName] ? (id, forName) : ("", "");
            return name == normalizedName && deviceId.Length > 0 ? deviceId : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
