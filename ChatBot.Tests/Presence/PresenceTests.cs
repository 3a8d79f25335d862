using System.Net.Http.Json;
using ChatBot.ApiService.Presence;
using ChatBot.ApiService.Users;
using ChatBot.Tests.Infrastructure;
using ChatBot.Tests.Refusals;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace ChatBot.Tests.Presence;

/// <summary>Presence on the app's single replica, without Redis: kept in memory, told live to watchers.</summary>
public sealed class PresenceTests(ChatApp app)
{
    [Fact]
    public async Task WatchersAreToldWhenSomeoneComesOnlineAndGoesOffline()
    {
        var alice = await app.CreateUserAsync("alice");
        var bob = await app.CreateUserAsync("bob");
        await using var bobDevice = await bob.ConnectAsync();
        await bobDevice.Hub.InvokeAsync("WatchPresence", new[] { alice.Id }, TestContext.Current.CancellationToken);
        Assert.False(await IsOnlineAsync(bob, alice));

        var phone = await alice.ConnectAsync();
        var laptop = await alice.ConnectAsync();
        Assert.True((await bobDevice.Presence.WaitForAsync(p => p.UserId == alice.Id)).IsOnline);
        Assert.True(await IsOnlineAsync(bob, alice));

        await phone.DisposeAsync();
        Assert.True(await IsOnlineAsync(bob, alice));
        await laptop.DisposeAsync();
        var offline = await bobDevice.Presence.WaitForAsync(p => p.UserId == alice.Id && !p.IsOnline);

        Assert.NotNull(offline.LastSeenAt);
        Assert.False(await IsOnlineAsync(bob, alice));
        Assert.Equal(offline.LastSeenAt, (await SearchAsync(bob, alice)).LastSeenAt);
        Assert.Equal(2, bobDevice.Presence.Items.Count);
    }

    [Fact]
    public async Task OnlyWatchersAreTold()
    {
        var alice = await app.CreateUserAsync("alice");
        var bob = await app.CreateUserAsync("bob");
        var carol = await app.CreateUserAsync("carol");
        await using var bobDevice = await bob.ConnectAsync();
        await bobDevice.Hub.InvokeAsync("WatchPresence", new[] { alice.Id, carol.Id }, TestContext.Current.CancellationToken);
        await bobDevice.Hub.InvokeAsync("WatchPresence", new[] { carol.Id }, TestContext.Current.CancellationToken);

        await using var aliceDevice = await alice.ConnectAsync();
        await using var carolDevice = await carol.ConnectAsync();

        // Carol's notice arriving means Alice's, sent before it, would have arrived too.
        await bobDevice.Presence.WaitForAsync(p => p.UserId == carol.Id);
        Assert.DoesNotContain(bobDevice.Presence.Items, p => p.UserId == alice.Id);
    }

    [Fact]
    public async Task WatchingAnswersWithThePresenceOfEachWatchedPersonNow()
    {
        var alice = await app.CreateUserAsync("alice");
        var bob = await app.CreateUserAsync("bob");
        var carol = await app.CreateUserAsync("carol");
        var dave = await app.CreateUserAsync("dave");
        await using var bobDevice = await bob.ConnectAsync();
        await bobDevice.Hub.InvokeAsync<List<PresenceNotice>>("WatchPresence", new[] { carol.Id }, TestContext.Current.CancellationToken);
        await using var aliceDevice = await alice.ConnectAsync();
        await (await carol.ConnectAsync()).DisposeAsync();
        var carolLeft = await bobDevice.Presence.WaitForAsync(p => p.UserId == carol.Id && !p.IsOnline);

        var now = await bobDevice.Hub.InvokeAsync<List<PresenceNotice>>(
            "WatchPresence", new[] { alice.Id, carol.Id, dave.Id, "no-such-person" }, TestContext.Current.CancellationToken);

        Assert.Equal(
            new[] { new PresenceNotice(alice.Id, true, null), new PresenceNotice(carol.Id, false, carolLeft.LastSeenAt), new PresenceNotice(dave.Id, false, null) }
                .OrderBy(p => p.UserId),
            now.OrderBy(p => p.UserId));
        Assert.NotNull(carolLeft.LastSeenAt);
    }

    [Fact]
    public async Task WatchingTooManyPeopleAtOnceIsRefused()
    {
        var bob = await app.CreateUserAsync("bob");
        await using var device = await bob.ConnectAsync();

        var refused = await Assert.ThrowsAsync<HubException>(() =>
            device.Hub.InvokeAsync("WatchPresence", Enumerable.Range(0, 201).Select(i => $"user-{i}").ToArray(), TestContext.Current.CancellationToken));

        var refusal = HubRefusal.Of(refused);
        Assert.Equal(("invalid_argument", 200), (refusal.Code, refusal.Number("maxWatched")));
        Assert.Equal("Watch between 0 and 200 people at once.", refusal.Message);
    }

    private static async Task<bool> IsOnlineAsync(TestUser viewer, TestUser person) => (await SearchAsync(viewer, person)).IsOnline;

    private static async Task<UserSummary> SearchAsync(TestUser viewer, TestUser person)
    {
        using var client = viewer.CreateClient();
        var found = await client.GetFromJsonAsync<List<UserSummary>>($"/api/users?search={person.UserName}", Json.Options);
        return Assert.Single(found!);
    }
}
