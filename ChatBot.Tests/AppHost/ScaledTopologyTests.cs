using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using ChatBot.Tests.Infrastructure;

namespace ChatBot.Tests.AppHost;

/// <summary>The AppHost's scaled topology: redis-server and two API replicas, each at its own address.</summary>
public sealed partial class ScaledTopologyTests(ScaledAppHost host) : IClassFixture<ScaledAppHost>
{
    private RunningAppHost App => host.Run;

    [Fact]
    public async Task AMessageSentThroughOneReplicaReachesAPersonOnTheOther()
    {
        var (first, second) = (App.EndpointOf("apiservice-1"), App.EndpointOf("apiservice-2"));
        var alice = await Accounts.CreateAsync(first, "alice");
        var bob = await Accounts.CreateAsync(first, "bob");
        var conversation = (await alice.OpenConversationWithAsync(bob)).Id;
        await using var aliceOnFirst = await alice.ConnectAsync(first);
        await using var bobOnSecond = await bob.ConnectAsync(second);

        var sent = await aliceOnFirst.SendAsync(conversation, "from one replica to the other");

        Assert.NotEqual(first, second);
        Assert.Equal(sent, await bobOnSecond.Messages.WaitForAsync(m => m.Seq == sent.Seq));
    }

    /// <summary>
    /// A browser stays with the replica its first call reached, so a connection it negotiates through the front end
    /// opens, and resumes, where the negotiation left it; taken in turn, every other one would be unknown there.
    /// </summary>
    [Fact]
    public async Task EveryHubConnectionABrowserNegotiatesOpensAndResumesOnTheReplicaThatHoldsIt()
    {
        var person = await Accounts.CreateAsync(App.EndpointOf("apiservice-1"), "sticky");
        using var browser = new WebSession(App.WebAddress);
        await browser.LogInAsync(person.UserName, person.Password);

        for (var i = 0; i < 2 * ScaledAppHost.ApiReplicas + 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/chat/negotiate?negotiateVersion=1&useStatefulReconnect=true");
            request.Headers.Add("Origin", browser.Origin);
            using var negotiated = await browser.Client.SendAsync(request, TestContext.Current.CancellationToken);
            negotiated.EnsureSuccessStatusCode();
            var token = (await negotiated.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("connectionToken").GetString();

            await using (var socket = await RawHubSocket.ConnectAsync(App.WebAddress, accessToken: null, connectionToken: token, configure: Through(browser)))
            {
                socket.Abort();
            }

            await using var resumed = await RawHubSocket.ConnectAsync(App.WebAddress, accessToken: null, handshake: false, connectionToken: token, configure: Through(browser));
            Assert.True(resumed.IsOpen, $"connection {i + 1} did not resume");
        }
    }

    private static Action<ClientWebSocketOptions> Through(WebSession browser) => options =>
    {
        options.Cookies = browser.Cookies;
        options.SetRequestHeader("Origin", browser.Origin);
    };

    [Fact]
    public async Task RedisRunsAsAProgramAndBothReplicasAreHealthy()
    {
        var cache = await App.WaitForAsync("cache", s => s.State?.Text == "Running");
        var replicas = await Task.WhenAll(
            App.WaitForAsync("apiservice-1", s => s.HealthStatus is not null),
            App.WaitForAsync("apiservice-2", s => s.HealthStatus is not null));

        Assert.Equal("Executable", cache.ResourceType);
        Assert.All(replicas, r => Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, r.HealthStatus));
    }
}
