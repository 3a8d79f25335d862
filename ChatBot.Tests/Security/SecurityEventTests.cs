using System.Net;
using System.Net.Http.Json;
using ChatBot.ApiService.Hubs;
using ChatBot.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace ChatBot.Tests.Security;

/// <summary>
/// What an operator watches for is logged, in one category, with the user id and the client's address:
/// sign-ins that succeed, fail or meet the lock, tokens refused, access refused and quotas hit.
/// (LogHygieneTests shows that no secret goes with them.)
/// </summary>
public sealed class SecurityEventTests(VerboseApp verbose) : IClassFixture<VerboseApp>
{
    private const string Category = "ChatBot.ApiService.Security.SecurityEvents";

    [Fact]
    public async Task SignInsThatSucceedFailOrMeetTheLockAreLoggedWithTheUserAndTheClient()
    {
        var app = verbose.App;
        var user = await app.CreateUserAsync("events");
        for (var attempt = 0; attempt < 6; attempt++)
        {
            using var client = app.CreateAnonymousClient();
            using var _ = await client.PostAsJsonAsync("/api/auth/login", new { userName = user.UserName, password = "not the password" }, TestContext.Current.CancellationToken);
        }

        AssertLogged($"Sign-in succeeded: user {user.Id} from 127.0.0.1, session ");
        AssertLogged($"Sign-in failed: user {user.Id} from 127.0.0.1");
        AssertLogged($"Sign-in refused, too many failures: user {user.Id} from 127.0.0.1");
    }

    [Fact]
    public async Task ThroughTheFrontEndTheBrowsersAddressIsTheOneLogged()
    {
        var user = await verbose.App.CreateUserAsync("forwarded");
        using var browser = new WebSession(verbose.App.WebAddress, from: "127.0.0.7");

        await browser.LogInAsync(user.UserName, user.Password);

        AssertLogged($"Sign-in succeeded: user {user.Id} from 127.0.0.7");
    }

    [Fact]
    public async Task RefusedTokensAccessAndQuotaHitsAreLogged()
    {
        var app = verbose.App;
        var (alice, _, conversation) = await app.ConversationWithMessagesAsync(0);
        var carol = await app.CreateUserAsync("carol");
        await using (var device = await alice.ConnectAsync())
        {
            for (var notice = 0; notice < 5; notice++)
            {
                await device.Hub.InvokeAsync(nameof(ChatHub.Typing), conversation, TestContext.Current.CancellationToken);
            }

            await Assert.ThrowsAsync<HubException>(() => device.Hub.InvokeAsync(nameof(ChatHub.Typing), conversation, TestContext.Current.CancellationToken));
        }

        using var carolsClient = carol.CreateClient();
        using var outsider = await carolsClient.GetAsync($"/api/conversations/{conversation}/messages", TestContext.Current.CancellationToken);
        using var logout = await carolsClient.PostAsync("/api/auth/logout", content: null, TestContext.Current.CancellationToken);
        using var afterLogout = await carolsClient.GetAsync("/api/users/me", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, outsider.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterLogout.StatusCode);
        AssertLogged($"Quota hit: Typing of user {alice.Id}, from 127.0.0.1");
        AssertLogged($"Access refused: user {carol.Id} to conversation {conversation}, from 127.0.0.1");
        AssertLogged($"Sessions ended (logout): 1 of user {carol.Id}, from 127.0.0.1");
        AssertLogged($"Token refused: its session has ended; user {carol.Id}, session ");
    }

    [Fact]
    public async Task AClientLoopingOnARefusedHubCallIsLoggedOnceNotOnEveryCall()
    {
        var (_, _, conversation) = await verbose.App.ConversationWithMessagesAsync(0);
        var mallory = await verbose.App.CreateUserAsync("mallory");
        await using var device = await mallory.ConnectAsync();

        for (var attempt = 0; attempt < 20; attempt++)
        {
            await Assert.ThrowsAsync<HubException>(() => device.Hub.InvokeAsync(nameof(ChatHub.JoinConversation), conversation, TestContext.Current.CancellationToken));
        }

        var refused = $"Access refused: user {mallory.Id} to conversation {conversation}, from 127.0.0.1";
        Assert.Single(verbose.Logs.Entries, entry => entry.Contains(Category, StringComparison.Ordinal) && entry.Contains(refused, StringComparison.Ordinal));
    }

    private void AssertLogged(string message) =>
        Assert.True(
            verbose.Logs.Entries.Any(entry => entry.Contains(Category, StringComparison.Ordinal) && entry.Contains(message, StringComparison.Ordinal)),
            $"Not logged: {message}");
}
