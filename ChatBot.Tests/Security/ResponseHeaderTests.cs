using System.Net;
using ChatBot.Tests.Infrastructure;

namespace ChatBot.Tests.Security;

/// <summary>What every answer says about itself: for which host, whether it may be kept, and nothing about the server.</summary>
public sealed class ResponseHeaderTests(ChatApp app)
{
    [Theory]
    [InlineData(true, "/")]
    [InlineData(true, "/Account/Login")]
    [InlineData(false, "/health")]
    [InlineData(false, "/api/users/me")]
    public async Task AnUnknownHostNameIsRefusedRatherThanReflected(bool frontEnd, string path)
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = frontEnd ? app.WebAddress : app.ApiAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "evil.example";

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task ApiAnswersAreNeverStoredByACache()
    {
        var user = await app.CreateUserAsync("nostore");
        using var direct = user.CreateClient();
        using var session = new WebSession(app.WebAddress);
        await session.LogInAsync(user.UserName, user.Password);

        using var me = await direct.GetAsync("/api/users/me", TestContext.Current.CancellationToken);
        using var conversations = await direct.GetAsync("/api/conversations", TestContext.Current.CancellationToken);
        using var refused = await direct.GetAsync("/api/conversations/not-a-guid", TestContext.Current.CancellationToken);
        using var throughTheFrontEnd = await session.Client.GetAsync("/api/users/me", TestContext.Current.CancellationToken);

        Assert.All([me, conversations, refused, throughTheFrontEnd], response => Assert.True(
            response.Headers.CacheControl?.NoStore == true, $"{response.RequestMessage!.RequestUri} answered Cache-Control: {response.Headers.CacheControl}"));
    }

    [Theory]
    [InlineData("/", true)]
    [InlineData("/Account/Login", false)]
    [InlineData("/Account/Register", false)]
    public async Task PagesAreNeverStoredByACache(string path, bool signedIn)
    {
        var user = await app.CreateUserAsync("nostore");
        using var session = new WebSession(app.WebAddress);
        if (signedIn)
        {
            await session.LogInAsync(user.UserName, user.Password);
        }

        using var response = await session.Client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.True(response.IsSuccessStatusCode, $"{path} answered {response.StatusCode}");
        Assert.True(response.Headers.CacheControl?.NoStore == true, $"{path} answered Cache-Control: {response.Headers.CacheControl}");
    }

    [Theory]
    [InlineData("GET", "/", HttpStatusCode.Redirect)]
    [InlineData("GET", "/api/users/me", HttpStatusCode.Unauthorized)]
    [InlineData("GET", "/no-such-page", HttpStatusCode.NotFound)]
    [InlineData("GET", "/Error", HttpStatusCode.OK)]
    [InlineData("POST", "/Account/Login", HttpStatusCode.BadRequest)]
    [InlineData("POST", "/hubs/chat/negotiate", HttpStatusCode.Unauthorized)]
    public async Task EveryFrontEndAnswerButAStaticFileIsNeverStoredByACache(string method, string path, HttpStatusCode status)
    {
        using var browser = new WebSession(app.WebAddress);

        using var response = await browser.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);
        using var stylesheet = await browser.Client.GetAsync("/css/site.css", TestContext.Current.CancellationToken);

        Assert.Equal(status, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore == true, $"{method} {path} answered Cache-Control: {response.Headers.CacheControl}");
        Assert.Equal(HttpStatusCode.OK, stylesheet.StatusCode);
        Assert.False(stylesheet.Headers.CacheControl?.NoStore == true, "a static file is no-store");
    }

    [Theory]
    [InlineData(true, "/Account/Login")]
    [InlineData(true, "/api/users/me")]
    [InlineData(false, "/health")]
    [InlineData(false, "/api/users/me")]
    public async Task NoAnswerNamesTheServerSoftware(bool frontEnd, string path)
    {
        using var client = new HttpClient { BaseAddress = frontEnd ? app.WebAddress : app.ApiAddress };

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Empty(response.Headers.Server);
    }
}
