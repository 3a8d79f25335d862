using System.Net;
using System.Net.Http.Json;
using ChatBot.Tests.Infrastructure;
using ChatBot.Tests.Refusals;
using Microsoft.AspNetCore.SignalR.Client;

namespace ChatBot.Tests.Web;

/// <summary>The web front end as a browser meets it: pages, the session, and the proxy to the API.</summary>
public sealed class FrontEndTests(ChatApp app)
{
    [Fact]
    public async Task StrangersAreSentToTheLoginPage()
    {
        using var session = new WebSession(app.WebAddress);

        using var response = await session.Client.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Login?ReturnUrl=%2F", response.Headers.Location!.PathAndQuery);
    }

    [Theory]
    [InlineData("/api/users/me")]
    [InlineData("/api/conversations")]
    [InlineData("/hubs/chat")]
    public async Task TheApiBehindTheFrontEndNeedsASession(string path)
    {
        using var session = new WebSession(app.WebAddress);

        using var response = await session.Client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ASignedInBrowserReachesTheApiWithItsSessionAlone()
    {
        var user = await app.CreateUserAsync("web");
        using var session = new WebSession(app.WebAddress);
        await session.LogInAsync(user.UserName, user.Password);

        var me = await session.Client.GetFromJsonAsync<ApiService.Users.UserSummary>("/api/users/me", Json.Options, TestContext.Current.CancellationToken);

        Assert.Equal(user.Id, me!.Id);
        Assert.DoesNotContain(session.Cookies.GetAllCookies(), c => c.Value.Contains(user.AccessToken, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/api/auth/login")]
    [InlineData("/api/auth/refresh")]
    [InlineData("/api/auth/register")]
    public async Task TheFrontEndNeverHandsOutApiTokens(string path)
    {
        var user = await app.CreateUserAsync("web");
        using var session = new WebSession(app.WebAddress);
        await session.LogInAsync(user.UserName, user.Password);
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = JsonContent.Create(new { userName = user.UserName, password = user.Password }),
        };
        request.Headers.Add("Origin", session.Origin);
        request.Headers.Add("RequestVerificationToken", await session.PageTokenAsync());

        using var response = await session.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("accessToken", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnsafeApiCallsNeedThePagesAntiforgeryTokenAndOurOrigin()
    {
        var alice = await app.CreateUserAsync("alice");
        var bob = await app.CreateUserAsync("bob");
        using var session = new WebSession(app.WebAddress);
        await session.LogInAsync(alice.UserName, alice.Password);
        var token = await session.PageTokenAsync();

        var withoutToken = await OpenAsync(session, origin: session.Origin, token: null);
        var fromAnotherSite = await OpenAsync(session, origin: "https://evil.example", token: token);
        var fromThePage = await OpenAsync(session, origin: session.Origin, token: token);

        // The front end's refusals carry no code: the status and the problem's words say which it is.
        Assert.Equal((HttpStatusCode.BadRequest, "The request lacks a valid antiforgery token; reload the page."), withoutToken);
        Assert.Equal((HttpStatusCode.Forbidden, "Cross-origin requests are refused."), fromAnotherSite);
        Assert.Equal(HttpStatusCode.Created, fromThePage.Status);

        async Task<(HttpStatusCode Status, string? Detail)> OpenAsync(WebSession web, string origin, string? token)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/conversations/direct") { Content = JsonContent.Create(new { userId = bob.Id }) };
            request.Headers.Add("Origin", origin);
            if (token is not null)
            {
                request.Headers.Add("RequestVerificationToken", token);
            }

            using var response = await web.Client.SendAsync(request);
            var refusal = await RestRefusal.ReadAsync(response);
            return (refusal.Status, refusal.Detail);
        }
    }

    [Fact]
    public async Task TheHubWebSocketOpensFromOurPagesOnly()
    {
        var user = await app.CreateUserAsync("socket");
        using var session = new WebSession(app.WebAddress);
        await session.LogInAsync(user.UserName, user.Password);

        await using var ours = await ConnectThroughFrontEndAsync(session, session.Origin);
        var foreign = await Assert.ThrowsAnyAsync<Exception>(() => ConnectThroughFrontEndAsync(session, "https://evil.example"));
        var missing = await Assert.ThrowsAnyAsync<Exception>(() => ConnectThroughFrontEndAsync(session, origin: null));

        Assert.Equal(HubConnectionState.Connected, ours.Hub.State);
        Assert.Contains("403", foreign.Message, StringComparison.Ordinal);
        Assert.Contains("403", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PagesCarryTheSecurityHeaders()
    {
        using var session = new WebSession(app.WebAddress);

        using var response = await session.Client.GetAsync("/Account/Login", TestContext.Current.CancellationToken);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task TheLoginFormSaysWhenCredentialsAreWrong()
    {
        using var session = new WebSession(app.WebAddress);

        using var response = await session.PostFormAsync("/Account/Login", new Dictionary<string, string>
        {
            ["Input.UserName"] = ChatApp.UniqueUserName("ghost"),
            ["Input.Password"] = "whatever it is",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Wrong user name or password.", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheRegisterFormShowsTheApisErrorsBesideTheirFields()
    {
        var taken = await app.CreateUserAsync("taken");
        using var session = new WebSession(app.WebAddress);

        using var response = await session.PostFormAsync("/Account/Register", new Dictionary<string, string>
        {
            ["Input.UserName"] = taken.UserName,
            ["Input.DisplayName"] = "Copycat",
            ["Input.Password"] = "short",
            ["Input.ConfirmPassword"] = "short",
        });

        var page = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Matches("data-valmsg-for=\"Input.UserName\"[^>]*>That user name is taken.<", page);
        Assert.Matches("data-valmsg-for=\"Input.Password\"[^>]*>The password is too weak: use at least 8 characters.<", page);
    }

    private static Task<ChatConnection> ConnectThroughFrontEndAsync(WebSession session, string? origin) =>
        ChatConnection.ConnectAsync(session.Site, accessToken: null, options =>
        {
            options.Cookies = session.Cookies;
            if (origin is not null)
            {
                options.Headers["Origin"] = origin;
            }
        });
}
