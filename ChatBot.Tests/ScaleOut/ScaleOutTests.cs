using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ChatBot.ApiService.Presence;
using ChatBot.ApiService.Users;
using ChatBot.Tests.Infrastructure;
using ChatBot.Web.Proxy;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;
using Yarp.ReverseProxy;

namespace ChatBot.Tests.ScaleOut;

[LongRunning]
public sealed partial class ScaleOutTests(ScaledOutApp app) : IClassFixture<ScaledOutApp>
{
    [Fact]
    public async Task AMessageSentThroughOneReplicaReachesAPersonOnTheOtherLive()
    {
        var alice = await app.CreateUserAsync("alice");
        var bob = await app.CreateUserAsync("bob");
        var conversation = (await alice.OpenConversationWithAsync(bob)).Id;
        await using var aliceOnA = await alice.ConnectAsync(app.ReplicaA.Address);
        await using var bobOnB = await bob.ConnectAsync(app.ReplicaB.Address);

        var sent = await aliceOnA.SendAsync(conversation, "across replicas");
        var reply = await bobOnB.SendAsync(conversation, "and back");

        Assert.Equal(sent, await bobOnB.Messages.WaitForAsync(m => m.Seq == sent.Seq));
        Assert.Equal(reply, await aliceOnA.Messages.WaitForAsync(m => m.Seq == reply.Seq));
        Assert.Equal((1L, 2L), (sent.Seq, reply.Seq));
    }

    [Fact]
    public async Task ATokenIssuedByOneReplicaIsAcceptedByTheOther()
    {
        var user = await app.CreateUserAsync("token");
        using var login = new HttpClient { BaseAddress = app.ReplicaA.Address };
        using var issued = await login.PostAsJsonAsync("/api/auth/login", new { userName = user.UserName, password = user.Password }, TestContext.Current.CancellationToken);
        var tokens = await issued.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(TestContext.Current.CancellationToken);
        using var onB = new HttpClient { BaseAddress = app.ReplicaB.Address };

        onB.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        var me = await onB.GetFromJsonAsync<UserSummary>("/api/users/me", Json.Options, TestContext.Current.CancellationToken);
        using var refreshedOnB = await onB.PostAsJsonAsync(
            "/api/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() }, TestContext.Current.CancellationToken);
        await using var hubOnB = await ChatConnection.ConnectAsync(app.ReplicaB.Address, tokens.GetProperty("accessToken").GetString());

        Assert.Equal(user.Id, me!.Id);
        Assert.Equal(HttpStatusCode.OK, refreshedOnB.StatusCode);
        Assert.Equal(HubConnectionState.Connected, hubOnB.Hub.State);
    }

    [Fact]
    public async Task LoggingOutThroughOneReplicaEndsTheSessionOnTheOtherAtOnce()
    {
        var user = await app.CreateUserAsync("logout");
        using var onA = new HttpClient { BaseAddress = app.ReplicaA.Address };
        onA.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        using var onB = new HttpClient { BaseAddress = app.ReplicaB.Address };
        onB.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", user.AccessToken);
        await using var hubOnB = await user.ConnectAsync(app.ReplicaB.Address);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hubOnB.Hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        using var beforeOnB = await onB.GetAsync("/api/users/me", TestContext.Current.CancellationToken);

        using var logout = await onA.PostAsync("/api/auth/logout", content: null, TestContext.Current.CancellationToken);
        await closed.Task.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
        using var afterOnB = await onB.GetAsync("/api/users/me", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, beforeOnB.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterOnB.StatusCode);
    }

    [Fact]
    public async Task ConnectionsPerPersonAreCountedAcrossReplicas()
    {
        var user = await app.CreateUserAsync("tabs");
        var open = new List<ChatConnection>();
        for (var tab = 0; tab < 20; tab++)
        {
            open.Add(await user.ConnectAsync(tab % 2 == 0 ? app.ReplicaA.Address : app.ReplicaB.Address));
        }

        var refusedOnA = await Security.HubQuotaTests.RefusalOfConnectingAsync(app.ReplicaA.Address, user.AccessToken);
        var refusedOnB = await Security.HubQuotaTests.RefusalOfConnectingAsync(app.ReplicaB.Address, user.AccessToken);
        await open[1].DisposeAsync();
        // The place is free once replica B has seen the close and dropped its lease, a moment after the client is done.
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(app.Redis.ConnectionString))
        {
            await Poll.UntilAsync(() => redis.GetDatabase().SortedSetLength($"chatbot:connections:{user.Id}") == 19,
                TimeSpan.FromSeconds(15), "replica B to count the closed connection out");
        }

        await using var afterClosingOneOnB = await user.ConnectAsync(app.ReplicaA.Address);

        Assert.Contains("too_many_connections", refusedOnA, StringComparison.Ordinal);
        Assert.Contains("too_many_connections", refusedOnB, StringComparison.Ordinal);
        Assert.Equal(HubConnectionState.Connected, afterClosingOneOnB.Hub.State);
        foreach (var connection in open.Where((_, i) => i != 1))
        {
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task PresenceFollowsAPersonAcrossReplicas()
    {
        var alice = await app.CreateUserAsync("alice");
        var bob = await app.CreateUserAsync("bob");
        await using var bobOnB = await bob.ConnectAsync(app.ReplicaB.Address);
        await bobOnB.Hub.InvokeAsync("WatchPresence", new[] { alice.Id }, TestContext.Current.CancellationToken);

        var aliceOnA = await alice.ConnectAsync(app.ReplicaA.Address);
        var online = await bobOnB.Presence.WaitForAsync(p => p.UserId == alice.Id);
        Assert.True(online.IsOnline);
        Assert.True(await IsOnlineSeenFromAsync(app.ReplicaB, bob, alice));

        // A second device on the other replica: closing the first leaves her online.
        var aliceOnB = await alice.ConnectAsync(app.ReplicaB.Address);
        using var redis = await ConnectionMultiplexer.ConnectAsync(app.Redis.ConnectionString);
        var leases = $"chatbot:presence:leases:{alice.Id}";
        Assert.Equal(2, await redis.GetDatabase().SortedSetLengthAsync(leases));

        await aliceOnA.DisposeAsync();
        await Poll.UntilAsync(() => redis.GetDatabase().SortedSetLength(leases) == 1, TimeSpan.FromSeconds(15), "replica A to let her go");
        Assert.True(await IsOnlineSeenFromAsync(app.ReplicaA, bob, alice));

        await aliceOnB.DisposeAsync();
        var offline = await bobOnB.Presence.WaitForAsync(p => p.UserId == alice.Id && !p.IsOnline);
        Assert.NotNull(offline.LastSeenAt);
        Assert.False(await IsOnlineSeenFromAsync(app.ReplicaA, bob, alice));
        Assert.Equal([true, false], bobOnB.Presence.Items.Where(p => p.UserId == alice.Id).Select(p => p.IsOnline));
    }

    [Fact]
    public async Task PeopleOnAReplicaThatIsKilledGoOfflineOnceTheirLeaseLapses()
    {
        await using var doomed = await app.StartReplicaAsync();
        var alice = await app.CreateUserAsync("alice");
        var bob = await app.CreateUserAsync("bob");
        await using var bobOnA = await bob.ConnectAsync(app.ReplicaA.Address);
        await bobOnA.Hub.InvokeAsync("WatchPresence", new[] { alice.Id }, TestContext.Current.CancellationToken);
        var aliceOnDoomed = await alice.ConnectAsync(doomed.Address);
        await bobOnA.Presence.WaitForAsync(p => p.UserId == alice.Id && p.IsOnline);

        var killed = Stopwatch.StartNew();
        await doomed.KillAsync();
        var offline = await bobOnA.Presence.WaitForAsync(p => p.UserId == alice.Id && !p.IsOnline, TimeSpan.FromSeconds(20));
        killed.Stop();

        // Bound: the lease's timeout and a heartbeat, plus the sweep's own round trip.
        TestContext.Current.TestOutputHelper!.WriteLine(
            $"Offline {killed.Elapsed.TotalSeconds:0.0} s after the replica was killed " +
            $"(bound: {ScaledOutApp.PresenceTimeout.TotalSeconds:0.#} s lease + {ScaledOutApp.PresenceHeartbeat.TotalSeconds:0.#} s heartbeat).");
        Assert.False(offline.IsOnline);
        Assert.False(await IsOnlineSeenFromAsync(app.ReplicaA, bob, alice));
        await aliceOnDoomed.DisposeAsync();
    }

    [Fact]
    public async Task TheFrontEndSpreadsBrowsersOverTheReplicas()
    {
        var user = await app.CreateUserAsync("spread");
        // A replica whose health probe failed twice is rightly out of the rotation, and every browser would go to
        // the other: the spread is asserted over replicas both in it.
        var proxy = app.Web.Services.GetRequiredService<IProxyStateLookup>();
        bool BothInRotation() => proxy.TryGetCluster(ApiDestinations.ServiceName, out var cluster)
            && cluster.DestinationsState.AvailableDestinations.Count == 2;
        await Poll.UntilAsync(BothInRotation, TimeSpan.FromSeconds(30), "the front end to have both replicas in its rotation");
        var devices = new List<ChatConnection>();
        var sessions = new List<WebSession>();
        for (var i = 0; i < 4; i++)
        {
            // Each browser stays with the replica its first call reached; browsers are taken in turn.
            var session = new WebSession(app.Web.Address);
            sessions.Add(session);
            await session.LogInAsync(user.UserName, user.Password);
            devices.Add(await ChatConnection.ConnectAsync(session.Site, accessToken: null, options =>
            {
                options.Cookies = session.Cookies;
                options.Headers["Origin"] = session.Origin;
            }));
        }

        // Each replica with a connection of the user holds a presence lease for them.
        using var redis = await ConnectionMultiplexer.ConnectAsync(app.Redis.ConnectionString);
        var leases = await redis.GetDatabase().SortedSetLengthAsync($"chatbot:presence:leases:{user.Id}");
        Assert.True(BothInRotation(), "a health probe took a replica out of the rotation while the browsers connected");
        Assert.Equal(2, leases);
        foreach (var device in devices)
        {
            await device.DisposeAsync();
        }

        sessions.ForEach(session => session.Dispose());
    }

    [Fact]
    public async Task ASessionOneFrontEndStartedWorksOnAnother()
    {
        var user = await app.CreateUserAsync("roaming");
        using var session = new WebSession(app.Web.Address);
        await session.LogInAsync(user.UserName, user.Password);
        var pageToken = await session.PageTokenAsync();
        using var other = new HttpClient(new HttpClientHandler { CookieContainer = session.Cookies, AllowAutoRedirect = false })
        {
            BaseAddress = app.OtherWeb.Address,
        };

        using var chat = await other.GetAsync("/", TestContext.Current.CancellationToken);
        using var open = new HttpRequestMessage(HttpMethod.Post, "/api/conversations/direct")
        {
            Content = JsonContent.Create(new { userId = (await app.CreateUserAsync("peer")).Id }),
        };
        open.Headers.Add("RequestVerificationToken", pageToken);
        open.Headers.Add("Origin", app.OtherWeb.Address.GetLeftPart(UriPartial.Authority));
        using var opened = await other.SendAsync(open, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Contains(user.DisplayName, await chat.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, opened.StatusCode);
    }

    [Fact]
    public async Task HealthIncludesRedisWhileAliveDoesNot()
    {
        await using var cutOff = await ApiProcess.StartAsync(app.ConnectionString, redis: $"127.0.0.1:{Ports.Free()}", ready: "/alive");
        using var http = new HttpClient { BaseAddress = cutOff.Address };

        using var health = await http.GetAsync("/health", TestContext.Current.CancellationToken);
        using var alive = await http.GetAsync("/alive", TestContext.Current.CancellationToken);
        using var healthyReplica = await new HttpClient { BaseAddress = app.ReplicaA.Address }.GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HttpStatusCode.OK, healthyReplica.StatusCode);
    }

    private static async Task<bool> IsOnlineSeenFromAsync(ApiProcess replica, TestUser viewer, TestUser person)
    {
        using var client = viewer.CreateClient(replica.Address);
        var found = await client.GetFromJsonAsync<List<UserSummary>>($"/api/users?search={person.UserName}", Json.Options);
        return Assert.Single(found!).IsOnline;
    }
}
