using System.Net.Http.Json;
using System.Text.Json;

namespace ChatBot.LoadTest.Api;

/// <summary>Creates the people a scenario needs, through the API, before its clock starts.</summary>
public sealed class Accounts(Uri api)
{
    public const string Password = "load test password";
    private const int Parallelism = 8;

    private readonly HttpClient _http = new() { BaseAddress = api, Timeout = TimeSpan.FromMinutes(2) };

    public async Task<User[]> CreateAsync(int count, string prefix)
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        var users = new User[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, cancellationToken) =>
        {
            var userName = $"{prefix}{run}_{i}";
            using var registered = await _http.PostAsJsonAsync("/api/auth/register", new { userName, displayName = userName, password = Password }, cancellationToken);
            registered.EnsureSuccessStatusCode();
            var id = (await registered.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetString()!;
            using var login = await _http.PostAsJsonAsync("/api/auth/login", new { userName, password = Password }, cancellationToken);
            login.EnsureSuccessStatusCode();
            var token = (await login.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("accessToken").GetString()!;
            users[i] = new User(id, userName, token);
        });
        return users;
    }

    /// <summary>The same people, each signed in at the web front end as well, when devices are to connect through it.</summary>
    public static async Task<User[]> SignInAtAsync(Uri? web, User[] users)
    {
        if (web is null)
        {
            return users;
        }

        var signedIn = new User[users.Length];
        await Parallel.ForEachAsync(Enumerable.Range(0, users.Length), new ParallelOptions { MaxDegreeOfParallelism = Parallelism }, async (i, _) =>
            signedIn[i] = users[i] with { WebSession = await WebSignIn.SignInAsync(web, users[i]) });
        return signedIn;
    }

    public async Task<Guid> CreateGroupAsync(User creator, string name, IEnumerable<User> others)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/conversations/groups")
        {
            Content = JsonContent.Create(new { name, memberIds = others.Select(o => o.Id) }),
        };
        request.Headers.Authorization = new("Bearer", creator.AccessToken);
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>The conversation of each pair: people 0 and 1, 2 and 3, and so on.</summary>
    public async Task<Guid[]> OpenPairsAsync(User[] users)
    {
        var conversations = new Guid[users.Length / 2];
        for (var pair = 0; pair < conversations.Length; pair++)
        {
            conversations[pair] = await OpenConversationAsync(users[2 * pair], users[2 * pair + 1]);
        }

        return conversations;
    }

    public async Task<Guid> OpenConversationAsync(User user, User other)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/conversations/direct") { Content = JsonContent.Create(new { userId = other.Id }) };
        request.Headers.Authorization = new("Bearer", user.AccessToken);
        using var response = await _http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }
}
