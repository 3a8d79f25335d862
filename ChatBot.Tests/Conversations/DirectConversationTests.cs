using System.Net;
using System.Net.Http.Json;
using ChatBot.ApiService.Conversations;
using ChatBot.Tests.Infrastructure;
using ChatBot.Tests.Refusals;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Tests.Conversations;

/// <summary>Run on each database: <see cref="OnSqlite"/> and <see cref="OnPostgreSql"/>.</summary>
public abstract class DirectConversationTests(ChatApp app)
{
    public sealed class OnSqlite(ChatApp app) : DirectConversationTests(app);

    public sealed class OnPostgreSql(PostgreSqlChatApp app) : DirectConversationTests(app);

    [Fact]
    public async Task BothPeopleOpeningTheirConversationGetTheSameOne()
    {
        var alice = await app.CreateUserAsync("alice");
        var bob = await app.CreateUserAsync("bob");

        var fromAlice = await alice.OpenConversationWithAsync(bob);
        var fromBob = await bob.OpenConversationWithAsync(alice);

        Assert.Equal(fromAlice.Id, fromBob.Id);
        Assert.Equal(bob.Id, fromAlice.Peer!.Id);
        Assert.Equal(alice.Id, fromBob.Peer!.Id);
        Assert.Equal(0, fromAlice.LastSeq);
    }

    [Fact]
    public async Task OpeningCreatesOnceThenFinds()
    {
        var alice = await app.CreateUserAsync("alice");
        var bob = await app.CreateUserAsync("bob");
        using var client = alice.CreateClient();

        using var first = await client.PostAsJsonAsync("/api/conversations/direct", new { userId = bob.Id }, TestContext.Current.CancellationToken);
        using var second = await client.PostAsJsonAsync("/api/conversations/direct", new { userId = bob.Id }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
    }

    [Fact]
    public async Task ConcurrentOpensOfOnePairCreateExactlyOneConversation()
    {
        var alice = await app.CreateUserAsync("alice");
        var bob = await app.CreateUserAsync("bob");

        var opened = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            i % 2 == 0 ? alice.OpenConversationWithAsync(bob) : bob.OpenConversationWithAsync(alice)));

        Assert.Single(opened.Select(c => c.Id).Distinct());
        await using var db = app.CreateDbContext();
        var key = ChatBot.Data.Conversation.DirectKeyFor(alice.Id, bob.Id);
        Assert.Equal(1, await db.Conversations.CountAsync(c => c.DirectKey == key, TestContext.Current.CancellationToken));
        Assert.Equal(2, await db.ConversationMembers.CountAsync(m => m.ConversationId == opened[0].Id, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task NobodyCanOpenAConversationWithThemselves()
    {
        var alice = await app.CreateUserAsync("alice");
        using var client = alice.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/conversations/direct", new { userId = alice.Id }, TestContext.Current.CancellationToken);

        var refusal = await RestRefusal.ReadAsync(response);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_argument", "You cannot start a conversation with yourself."), (refusal.Status, refusal.Code, refusal.Detail));
    }

    [Fact]
    public async Task OpeningWithSomeoneWhoDoesNotExistIsNotFound()
    {
        var alice = await app.CreateUserAsync("alice");
        using var client = alice.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/conversations/direct", new { userId = Guid.NewGuid().ToString() }, TestContext.Current.CancellationToken);

        var refusal = await RestRefusal.ReadAsync(response);
        Assert.Equal((HttpStatusCode.NotFound, "not_found", "There is no such person."), (refusal.Status, refusal.Code, refusal.Detail));
    }

    [Fact]
    public async Task TheListShowsEachConversationsLastMessageAndUnreadCount()
    {
        var alice = await app.CreateUserAsync("alice");
        var bob = await app.CreateUserAsync("bob");
        var conversation = await alice.OpenConversationWithAsync(bob);
        await using var aliceDevice = await alice.ConnectAsync();
        await using var bobDevice = await bob.ConnectAsync();

        foreach (var text in new[] { "one", "two", "three" })
        {
            await aliceDevice.SendAsync(conversation.Id, text);
        }

        var bobsView = Assert.Single(await bob.ListConversationsAsync());
        Assert.Equal(conversation.Id, bobsView.Id);
        Assert.Equal(alice.Id, bobsView.Peer!.Id);
        Assert.Equal(3, bobsView.UnreadCount);
        Assert.Equal("three", bobsView.LastMessage!.Body);
        Assert.Equal(0, Assert.Single(await alice.ListConversationsAsync()).UnreadCount);

        await bobDevice.Hub.InvokeAsync("MarkRead", conversation.Id, 3L, TestContext.Current.CancellationToken);

        Assert.Equal(0, Assert.Single(await bob.ListConversationsAsync()).UnreadCount);
        Assert.Equal(3, Assert.Single(await alice.ListConversationsAsync()).PeerLastReadSeq);
    }

    [Fact]
    public async Task TheMostRecentlyActiveConversationComesFirstAndEmptyOnesAreNotListed()
    {
        var alice = await app.CreateUserAsync("alice");
        var bob = await app.CreateUserAsync("bob");
        var carol = await app.CreateUserAsync("carol");
        var dave = await app.CreateUserAsync("dave");
        var withBob = await alice.OpenConversationWithAsync(bob);
        var withCarol = await alice.OpenConversationWithAsync(carol);
        await alice.OpenConversationWithAsync(dave);
        await using var device = await alice.ConnectAsync();

        await device.SendAsync(withBob.Id, "to bob");
        await device.SendAsync(withCarol.Id, "to carol");
        Assert.Equal([withCarol.Id, withBob.Id], (await alice.ListConversationsAsync()).Select(c => c.Id));

        await device.SendAsync(withBob.Id, "to bob again");
        Assert.Equal([withBob.Id, withCarol.Id], (await alice.ListConversationsAsync()).Select(c => c.Id));
    }

    [Fact]
    public async Task PeopleCanBeFoundByUserNameOrDisplayName()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var zoe = await app.CreateUserAsync($"zoe{marker}");
        var searcher = await app.CreateUserAsync("searcher");
        using var client = searcher.CreateClient();

        var byName = await client.GetFromJsonAsync<List<ApiService.Users.UserSummary>>($"/api/users?search=ZOE{marker}", Json.Options, TestContext.Current.CancellationToken);
        var byDisplayName = await client.GetFromJsonAsync<List<ApiService.Users.UserSummary>>($"/api/users?search={Uri.EscapeDataString(zoe.DisplayName)}", Json.Options, TestContext.Current.CancellationToken);
        var underscoreIsNotAWildcard = await client.GetFromJsonAsync<List<ApiService.Users.UserSummary>>($"/api/users?search=zoe_{marker}", Json.Options, TestContext.Current.CancellationToken);

        Assert.Equal(zoe.Id, Assert.Single(byName!).Id);
        Assert.Equal(zoe.Id, Assert.Single(byDisplayName!).Id);
        Assert.Empty(underscoreIsNotAWildcard!);
    }

    [Fact]
    public async Task PeopleSearchIgnoresCaseInEveryLanguage()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var elodie = await app.CreateUserAsync($"elodie{marker}", $"Élodie Ñúñez {marker}");
        var searcher = await app.CreateUserAsync("searcher");
        using var client = searcher.CreateClient();

        var found = new List<List<ApiService.Users.UserSummary>>();
        foreach (var text in new[] { $"élodie ñúñez {marker}", $"ÉLODIE ÑÚÑEZ {marker}", $"ÑúÑeZ {marker}", $"ELODIE{marker}" })
        {
            found.Add((await client.GetFromJsonAsync<List<ApiService.Users.UserSummary>>(
                $"/api/users?search={Uri.EscapeDataString(text)}", Json.Options, TestContext.Current.CancellationToken))!);
        }

        Assert.All(found, people => Assert.Equal(elodie.Id, Assert.Single(people).Id));
    }

    [Theory]
    [InlineData("/api/users?limit=0")]
    [InlineData("/api/users?limit=51")]
    [InlineData("/api/conversations?limit=0")]
    [InlineData("/api/conversations?limit=201")]
    public async Task PageSizesOutOfRangeAreRefusedWithAClearError(string path)
    {
        var user = await app.CreateUserAsync("limits");
        using var client = user.CreateClient();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        var refusal = await RestRefusal.ReadAsync(response);
        Assert.Equal((HttpStatusCode.BadRequest, "invalid_argument"), (refusal.Status, refusal.Code));
        Assert.StartsWith("limit must be between", Assert.Single(refusal.Errors["limit"]), StringComparison.Ordinal);
        Assert.Equal(["limit"], refusal.Fields);
    }
}
