using System.Net;
using System.Security.Cryptography.X509Certificates;
using ChatBot.Tests.Infrastructure;
using ChatBot.Web.Pages;

namespace ChatBot.Tests.Web;

/// <summary>A web front end served over HTTPS, in front of the shared API.</summary>
public sealed class HttpsFrontEnd(ChatApp app) : IAsyncLifetime
{
    private readonly X509Certificate2 _certificate = TestCertificate.Create();

    public LoopbackServer<IndexModel> Web { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        Web = new LoopbackServer<IndexModel>(
            new Dictionary<string, string?>
            {
                ["services:apiservice:http:0"] = app.ApiAddress.ToString(),
                ["urls"] = "https://127.0.0.1:0",
                ["AllowedHosts"] = "127.0.0.1;chat.example",
            },
            certificate: _certificate);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await Web.DisposeAsync();
        _certificate.Dispose();
    }
}

public sealed class HttpsFrontEndTests(ChatApp app, HttpsFrontEnd https) : IClassFixture<HttpsFrontEnd>
{
    [Fact]
    public async Task OverHttpsTheCookiesAreHostPrefixedSecureHttpOnlyAndSameSite()
    {
        var user = await app.CreateUserAsync("secure");
        using var session = new WebSession(https.Web.Address);

        using var form = await session.Client.GetAsync("/Account/Login", TestContext.Current.CancellationToken);
        await session.LogInAsync(user.UserName, user.Password);
        var cookies = form.Headers.GetValues("Set-Cookie").Concat(session.LastSetCookies).ToList();

        var antiforgery = Assert.Single(cookies, c => c.StartsWith("__Host-chatbot.antiforgery=", StringComparison.Ordinal));
        var sessionCookies = cookies.Where(c => c.StartsWith("__Host-chatbot.session", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(sessionCookies);
        Assert.All(sessionCookies.Append(antiforgery), cookie =>
        {
            var attributes = cookie.ToLowerInvariant();
            Assert.Contains("; secure", attributes, StringComparison.Ordinal);
            Assert.Contains("; httponly", attributes, StringComparison.Ordinal);
            Assert.Contains("; path=/", attributes, StringComparison.Ordinal);
            Assert.DoesNotContain("domain=", attributes, StringComparison.Ordinal);
        });
        Assert.All(sessionCookies, cookie => Assert.Contains("samesite=lax", cookie.ToLowerInvariant(), StringComparison.Ordinal));
        Assert.Contains("samesite=strict", antiforgery.ToLowerInvariant(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverHttpsBrowsersAreToldToStayOnHttps()
    {
        using var session = new WebSession(https.Web.Address);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        // HSTS is never sent to localhost; this is the name the site would have.
        request.Headers.Host = "chat.example";

        using var response = await session.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OverPlainHttpTheSessionCookieIsStillHttpOnlyAndSameSite()
    {
        var user = await app.CreateUserAsync("plain");
        using var session = new WebSession(app.WebAddress);

        await session.LogInAsync(user.UserName, user.Password);

        var cookie = Assert.Single(session.LastSetCookies, c => c.StartsWith("chatbot.session=", StringComparison.Ordinal)).ToLowerInvariant();
        Assert.Contains("; httponly", cookie, StringComparison.Ordinal);
        Assert.Contains("; samesite=lax", cookie, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFormPostedWithoutItsAntiforgeryTokenIsRefused()
    {
        using var session = new WebSession(app.WebAddress);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Input.UserName"] = "someone", ["Input.Password"] = "something" }),
            Headers = { { "Origin", session.Origin } },
        };

        using var refused = await session.Client.SendAsync(request, TestContext.Current.CancellationToken);
        using var withToken = await session.PostFormAsync("/Account/Login", new Dictionary<string, string>
        {
            ["Input.UserName"] = "someone",
            ["Input.Password"] = "something",
        });

        // The token is all that differs: with it, the same form is answered (its wrong password explained).
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withToken.StatusCode);
    }

    [Fact]
    public async Task NegotiatingTheHubNeedsOurOriginAndSealsTheToken()
    {
        var user = await app.CreateUserAsync("negotiate");
        using var session = new WebSession(app.WebAddress);
        await session.LogInAsync(user.UserName, user.Password);

        var foreign = await NegotiateAsync(session, "https://evil.example");
        var missing = await NegotiateAsync(session, origin: null);
        var ours = await NegotiateAsync(session, session.Origin);

        Assert.Equal((HttpStatusCode.Forbidden, CrossOrigin), (foreign.Status, Detail(foreign.Body)));
        Assert.Equal((HttpStatusCode.Forbidden, CrossOrigin), (missing.Status, Detail(missing.Body)));
        Assert.Equal(HttpStatusCode.OK, ours.Status);
        // The replica and the API's token, sealed to the person (who alone can use it: ConnectionOwnershipTests).
        Assert.Matches("\"connectionToken\":\"CfDJ8[^\"]+\"", ours.Body);
        Assert.DoesNotContain("apiservice-0", ours.Body, StringComparison.Ordinal);
        Assert.Contains("\"useStatefulReconnect\":true", ours.Body, StringComparison.Ordinal);
    }

    /// <summary>The front end's refusal of a request from another site (it carries no code).</summary>
    private const string CrossOrigin = "Cross-origin requests are refused.";

    private static string? Detail(string problem) => System.Text.Json.JsonDocument.Parse(problem).RootElement.GetProperty("detail").GetString();

    private static async Task<(HttpStatusCode Status, string Body)> NegotiateAsync(WebSession session, string? origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/chat/negotiate?negotiateVersion=1&useStatefulReconnect=true");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        using var response = await session.Client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
