using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ChatBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Tests.Security;

/// <summary>
/// A hub connection belongs to the person who negotiated it. Carol, holding Alice's connection token (from a
/// log, a shared screen, a proxy), can neither resume Alice's dropped connection nor start her unused one:
/// not on the API, not through the web front end.
/// </summary>
public sealed class ConnectionOwnershipTests(ChatApp app)
{
    private const char End = RawHubSocket.RecordSeparator;

    [Fact]
    public async Task AnotherPersonCannotResumeADroppedConnectionWithItsToken()
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(0);
        var carol = await app.CreateUserAsync("carol");
        var token = await NegotiateAsync(app.ApiAddress, alice.AccessToken);
        var aliceSocket = await RawHubSocket.ConnectAsync(app.ApiAddress, alice.AccessToken, connectionToken: token);
        await using (aliceSocket)
        {
            aliceSocket.Abort();
        }

        var takeover = await Assert.ThrowsAsync<RawHubSocket.RefusedException>(() =>
            RawHubSocket.ConnectAsync(app.ApiAddress, carol.AccessToken, handshake: false, connectionToken: token));
        await using var resumed = await RawHubSocket.ConnectAsync(app.ApiAddress, alice.AccessToken, handshake: false, connectionToken: token);

        Assert.Equal(HttpStatusCode.NotFound, takeover.Status);
        Assert.True(resumed.IsOpen, "Alice resumes her own connection");
        await AssertNothingSentAsAliceAsync(conversation);
    }

    [Fact]
    public async Task AnotherPersonCannotStartAnUnusedConnectionWithItsToken()
    {
        var alice = await app.CreateUserAsync("alice");
        var carol = await app.CreateUserAsync("carol");
        var token = await NegotiateAsync(app.ApiAddress, alice.AccessToken);

        var takeover = await Assert.ThrowsAsync<RawHubSocket.RefusedException>(() =>
            RawHubSocket.ConnectAsync(app.ApiAddress, carol.AccessToken, connectionToken: token));
        await using var own = await RawHubSocket.ConnectAsync(app.ApiAddress, alice.AccessToken, connectionToken: token);

        Assert.Equal(HttpStatusCode.NotFound, takeover.Status);
        Assert.True(own.IsOpen);
    }

    [Fact]
    public async Task ThroughTheFrontEndAnotherPersonCannotUseAConnectionToken()
    {
        var (alice, _, conversation) = await app.ConversationWithMessagesAsync(0);
        var carol = await app.CreateUserAsync("carol");
        using var aliceBrowser = new WebSession(app.WebAddress);
        using var carolBrowser = new WebSession(app.WebAddress);
        await aliceBrowser.LogInAsync(alice.UserName, alice.Password);
        await carolBrowser.LogInAsync(carol.UserName, carol.Password);
        var token = await NegotiateThroughFrontEndAsync(aliceBrowser);
        var aliceSocket = await RawHubSocket.ConnectAsync(app.WebAddress, accessToken: null, connectionToken: token, configure: As(aliceBrowser));
        await using (aliceSocket)
        {
            aliceSocket.Abort();
        }

        var takeover = await Assert.ThrowsAsync<RawHubSocket.RefusedException>(() =>
            RawHubSocket.ConnectAsync(app.WebAddress, accessToken: null, handshake: false, connectionToken: token, configure: As(carolBrowser)));
        var unused = await NegotiateThroughFrontEndAsync(aliceBrowser);
        var unusedTakeover = await Assert.ThrowsAsync<RawHubSocket.RefusedException>(() =>
            RawHubSocket.ConnectAsync(app.WebAddress, accessToken: null, connectionToken: unused, configure: As(carolBrowser)));
        await using var resumed = await RawHubSocket.ConnectAsync(app.WebAddress, accessToken: null, handshake: false, connectionToken: token, configure: As(aliceBrowser));

        Assert.Equal(HttpStatusCode.NotFound, takeover.Status);
        Assert.Equal(HttpStatusCode.NotFound, unusedTakeover.Status);
        Assert.True(resumed.IsOpen, "Alice resumes her own connection");
        await AssertNothingSentAsAliceAsync(conversation);
    }

    private static async Task<string> NegotiateAsync(Uri api, string accessToken)
    {
        using var client = new HttpClient { BaseAddress = api };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        using var response = await client.PostAsync("/hubs/chat/negotiate?negotiateVersion=1&useStatefulReconnect=true", content: null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("connectionToken").GetString()!;
    }

    private static async Task<string> NegotiateThroughFrontEndAsync(WebSession browser)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/chat/negotiate?negotiateVersion=1&useStatefulReconnect=true");
        request.Headers.Add("Origin", browser.Origin);
        using var response = await browser.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("connectionToken").GetString()!;
    }

    private static Action<System.Net.WebSockets.ClientWebSocketOptions> As(WebSession browser) => options =>
    {
        options.Cookies = browser.Cookies;
        options.SetRequestHeader("Origin", browser.Origin);
    };

    private async Task AssertNothingSentAsAliceAsync(Guid conversation)
    {
        await using var db = app.CreateDbContext();
        Assert.Equal(0, await db.Messages.CountAsync(m => m.ConversationId == conversation, TestContext.Current.CancellationToken));
    }
}
