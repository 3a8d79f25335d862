using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.ApiService.Users;

namespace ChatBot.Tests.Infrastructure;

/// <summary>People for the tests, registered and signed in through the API as any client would.</summary>
public static class Accounts
{
    public const string Password = "correct horse battery";

    /// <summary>A new person with a unique user name that starts with <paramref name="prefix"/>, signed in.</summary>
    /// <param name="from">
    /// The loopback address to register and sign in from (<see cref="LoopbackAddresses"/>): another client
    /// machine, with sign-in limits of its own, where a server keeps its real ones.
    /// </param>
    public static async Task<TestUser> CreateAsync(Uri api, string prefix = "user", string? displayName = null, string from = "127.0.0.1")
    {
        var userName = UniqueUserName(prefix);
        displayName ??= $"{char.ToUpperInvariant(prefix[0])}{prefix[1..]} {userName[^6..]}";
        using var client = LoopbackAddresses.ClientFrom(from, api);

        using var registered = await client.PostAsJsonAsync("/api/auth/register", new { userName, displayName, password = Password });
        registered.EnsureSuccessStatusCode();
        var user = (await registered.Content.ReadFromJsonAsync<UserSummary>(Json.Options))!;

        return new TestUser(api, user.Id, user.UserName, user.DisplayName, Password, await LoginAsync(api, userName, Password, from));
    }

    public static async Task<string> LoginAsync(Uri api, string userName, string password, string from = "127.0.0.1")
    {
        using var client = LoopbackAddresses.ClientFrom(from, api);
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        var tokens = await response.Content.ReadFromJsonAsync<JsonElement>();
        return tokens.GetProperty("accessToken").GetString()!;
    }

    /// <summary>
    /// <paramref name="pairs"/> pairs of new people, each pair in its direct conversation, each person with one
    /// device connected: the left one's to <paramref name="leftHub"/>, the right one's to <paramref name="rightHub"/>.
    /// </summary>
    public static async Task<List<(ChatConnection Device, Guid Conversation)>> ConnectPairsAsync(Uri api, int pairs, Uri leftHub, Uri rightHub)
    {
        var devices = new List<(ChatConnection Device, Guid Conversation)>();
        for (var pair = 0; pair < pairs; pair++)
        {
            var left = await CreateAsync(api, "left");
            var right = await CreateAsync(api, "right");
            var conversation = (await left.OpenConversationWithAsync(right)).Id;
            devices.Add((await left.ConnectAsync(leftHub), conversation));
            devices.Add((await right.ConnectAsync(rightHub), conversation));
        }

        return devices;
    }

    public static string UniqueUserName(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(32, prefix.Length + 13)];
}
