using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.ApiService.Users;

namespace ChatBot.Tests.Infrastructure;

/// <summary>People for the tests, registered and signed in through the API as any client would.</summary>
public static class Accounts
{
    public const string Password = "correct horse battery";

    /// <summary>A new person with a unique user name that starts with <paramref name="prefix"/>, signed in.</summary>
    public static async Task<TestUser> CreateAsync(Uri api, string prefix = "user", string? displayName = null)
    {
        var userName = UniqueUserName(prefix);
        displayName ??= $"{char.ToUpperInvariant(prefix[0])}{prefix[1..]} {userName[^6..]}";
        using var client = new HttpClient { BaseAddress = api };

        using var registered = await client.PostAsJsonAsync("/api/auth/register", new { userName, displayName, password = Password });
        registered.EnsureSuccessStatusCode();
        var user = (await registered.Content.ReadFromJsonAsync<UserSummary>(Json.Options))!;

        return new TestUser(api, user.Id, user.UserName, user.DisplayName, Password, await LoginAsync(api, userName, Password));
    }

    public static async Task<string> LoginAsync(Uri api, string userName, string password)
    {
        using var client = new HttpClient { BaseAddress = api };
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        var tokens = await response.Content.ReadFromJsonAsync<JsonElement>();
        return tokens.GetProperty("accessToken").GetString()!;
    }

    public static string UniqueUserName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(32, prefix.Length + 13)];
}
