using System.Net;
using ChatBot.Tests.Infrastructure;
using ChatBot.Tests.Refusals;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Tests.Security;

/// <summary>Carol is not in the conversation of Alice and Bob: no route, REST or hub, lets her in.</summary>
/// <summary>Run on each database: <see cref="OnSqlite"/> and <see cref="OnPostgreSql"/>.</summary>
public abstract class ConversationAccessTests(ChatApp app)
{
    /// <summary>The answer to a conversation that is not the caller's: that of one that does not exist, not that of a path no route takes.</summary>
    private static readonly (HttpStatusCode, string?, string?) NotFound = (HttpStatusCode.NotFound, "not_found", "Conversation not found.");

    public sealed class OnSqlite(ChatApp app) : ConversationAccessTests(app);

    public sealed class OnPostgreSql(PostgreSqlChatApp app) : ConversationAccessTests(app);

    [Theory]
    [InlineData("/api/conversations/{0}")]
    [InlineData("/api/conversations/{0}/messages")]
    [InlineData("/api/conversations/{0}/messages?after=0")]
    [InlineData("/api/conversations/{0}/messages?before=2")]
    public async Task AnOutsiderCannotReadTheConversationOverRest(string path)
    {
        var (_, _, carol, conversation) = await ThreePeopleAsync();
        using var client = carol.CreateClient();

        using var response = await client.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, conversation), TestContext.Current.CancellationToken);

        var refusal = await RestRefusal.ReadAsync(response);
        Assert.Equal(NotFound, (refusal.Status, refusal.Code, refusal.Detail));
        Assert.DoesNotContain("secret", refusal.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANonexistentConversationLooksTheSameAsSomeoneElses()
    {
        var (_, _, carol, conversation) = await ThreePeopleAsync();
        using var client = carol.CreateClient();

        using var someoneElses = await client.GetAsync($"/api/conversations/{conversation}/messages", TestContext.Current.CancellationToken);
        using var nonexistent = await client.GetAsync($"/api/conversations/{Guid.NewGuid()}/messages", TestContext.Current.CancellationToken);

        var (theirs, none) = (await RestRefusal.ReadAsync(someoneElses), await RestRefusal.ReadAsync(nonexistent));
        Assert.Equal(NotFound, (theirs.Status, theirs.Code, theirs.Detail));
        Assert.Equal(NotFound, (none.Status, none.Code, none.Detail));
    }

    [Fact]
    public async Task AnOutsiderCannotSendJoinCatchUpTypeOrMarkReadOverTheHub()
    {
        var (_, _, carol, conversation) = await ThreePeopleAsync();
        await using var device = await carol.ConnectAsync();

        Func<Task>[] attempts =
        [
            () => device.SendAsync(conversation, "let me in"),
            () => device.GetMessagesAfterAsync(conversation, 0),
            () => device.Hub.InvokeAsync("JoinConversation", conversation),
            () => device.Hub.InvokeAsync("Typing", conversation),
            () => device.Hub.InvokeAsync("MarkRead", conversation, 1L),
        ];

        foreach (var attempt in attempts)
        {
            var refused = await Assert.ThrowsAsync<HubException>(attempt);
            Assert.Equal(("not_found", "Conversation not found."), (HubRefusal.Of(refused).Code, HubRefusal.Of(refused).Message));
        }

        await using var db = app.CreateDbContext();
        Assert.Equal(["secret"], await db.Messages.Where(m => m.ConversationId == conversation).Select(m => m.Body).ToListAsync(TestContext.Current.CancellationToken));
        Assert.False(await db.ConversationMembers.AnyAsync(m => m.ConversationId == conversation && m.UserId == carol.Id, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task AnOutsiderReceivesNothingOfTheConversation()
    {
        var (alice, bob, carol, conversation) = await ThreePeopleAsync();
        await using var carolDevice = await carol.ConnectAsync();
        await using var aliceDevice = await alice.ConnectAsync();
        await using var bobDevice = await bob.ConnectAsync();
        await bobDevice.Hub.InvokeAsync("JoinConversation", conversation, TestContext.Current.CancellationToken);

        await aliceDevice.Hub.InvokeAsync("Typing", conversation, TestContext.Current.CancellationToken);
        var sent = await aliceDevice.SendAsync(conversation, "more secrets");
        await bobDevice.Messages.WaitForAsync(m => m.Seq == sent.Seq);

        // Carol's own conversation with Alice: once its message reaches her, anything sent before it would have too.
        var withCarol = (await alice.OpenConversationWithAsync(carol)).Id;
        await aliceDevice.SendAsync(withCarol, "hi carol");
        await carolDevice.Messages.WaitForAsync(m => m.Body == "hi carol");
        Assert.All(carolDevice.Messages.Items, m => Assert.Equal(withCarol, m.ConversationId));
        Assert.Empty(carolDevice.Typing.Items);
    }

    [Fact]
    public async Task ForgedHeadersDoNotMakeAnOutsiderAMember()
    {
        var (alice, _, carol, conversation) = await ThreePeopleAsync();
        using var direct = carol.CreateClient();
        foreach (var (name, value) in new[]
        {
            ("X-User-Id", alice.Id), ("X-Forwarded-User", alice.UserName), ("X-Original-User", alice.Id),
            ("X-Forwarded-For", "127.0.0.1"), ("X-Real-IP", "127.0.0.1"), ("Forwarded", "for=127.0.0.1;by=api"),
        })
        {
            direct.DefaultRequestHeaders.TryAddWithoutValidation(name, value);
        }

        using var throughApi = await direct.GetAsync($"/api/conversations/{conversation}/messages", TestContext.Current.CancellationToken);

        // Through the front end, a token in the browser's own Authorization header is replaced by the session's.
        using var session = new WebSession(app.WebAddress);
        await session.LogInAsync(carol.UserName, carol.Password);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/conversations/{conversation}/messages");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", alice.AccessToken);
        request.Headers.Add("X-User-Id", alice.Id);
        using var throughFrontEnd = await session.Client.SendAsync(request, TestContext.Current.CancellationToken);

        var (api, frontEnd) = (await RestRefusal.ReadAsync(throughApi), await RestRefusal.ReadAsync(throughFrontEnd));
        Assert.Equal(NotFound, (api.Status, api.Code, api.Detail));
        Assert.Equal(NotFound, (frontEnd.Status, frontEnd.Code, frontEnd.Detail));
    }

    [Fact]
    public async Task GuessingConversationIdsFindsNothing()
    {
        var (_, _, carol, conversation) = await ThreePeopleAsync();
        using var client = carol.CreateClient();
        var text = conversation.ToString();

        // Conversation ids are time-ordered: neighbours of a real one are the likeliest guesses.
        var guesses = Enumerable.Range(0, 16).Select(i => $"{text[..^1]}{i:x}").Where(g => g != text).Append(text).ToList();
        var answers = new List<(HttpStatusCode, string?, string?)>();
        foreach (var guess in guesses)
        {
            using var response = await client.GetAsync($"/api/conversations/{guess}/messages", TestContext.Current.CancellationToken);
            var refusal = await RestRefusal.ReadAsync(response);
            answers.Add((refusal.Status, refusal.Code, refusal.Detail));
        }

        Assert.All(answers, answer => Assert.Equal(NotFound, answer));
    }

    [Fact]
    public async Task TheHubRefusesAConnectionWithoutAValidToken()
    {
        var anonymous = await Assert.ThrowsAnyAsync<Exception>(() => ChatConnection.ConnectAsync(app.ApiAddress, accessToken: null));
        var forged = await Assert.ThrowsAnyAsync<Exception>(() => ChatConnection.ConnectAsync(app.ApiAddress, accessToken: "CfDJ8forged"));

        Assert.Contains("401", anonymous.Message, StringComparison.Ordinal);
        Assert.Contains("401", forged.Message, StringComparison.Ordinal);
    }

    private async Task<(TestUser Alice, TestUser Bob, TestUser Carol, Guid Conversation)> ThreePeopleAsync()
    {
        var alice = await app.CreateUserAsync("alice");
        var bob = await app.CreateUserAsync("bob");
        var carol = await app.CreateUserAsync("carol");
        var conversation = (await alice.OpenConversationWithAsync(bob)).Id;
        await using var device = await alice.ConnectAsync();
        await device.SendAsync(conversation, "secret");
        return (alice, bob, carol, conversation);
    }
}
