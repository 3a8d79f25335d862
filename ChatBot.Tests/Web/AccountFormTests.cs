using System.Net;
using System.Text;
using ChatBot.Tests.Infrastructure;
using ChatBot.Web.Pages;

namespace ChatBot.Tests.Web;

/// <summary>A front end whose API does not answer: nothing listens where it is told the API is.</summary>
public sealed class FrontEndWithoutApi : IAsyncLifetime
{
    public LoopbackServer<IndexModel> Web { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        Web = new LoopbackServer<IndexModel>(new Dictionary<string, string?> { ["services:apiservice:http:0"] = $"http://127.0.0.1:{Ports.Free()}" });
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => Web.DisposeAsync();
}

/// <summary>
/// The account forms as a browser posts them, when things go wrong: too big a form, a return address that is
/// local but not ASCII, an API that cannot be reached. Each is a clear answer, never a 500.
/// </summary>
public sealed class AccountFormTests(ChatApp app, FrontEndWithoutApi unreachable) : IClassFixture<FrontEndWithoutApi>
{
    [Fact]
    public async Task ALogoutFormLargerThanAnAccountFormIsRefusedAndEndsNothing()
    {
        var user = await app.CreateUserAsync("bulky");
        using var browser = new WebSession(app.WebAddress);
        await browser.LogInAsync(user.UserName, user.Password);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Account/Logout")
        {
            // A valid form in all but its size: only the cap stands between it and a logout.
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = await browser.PageTokenAsync(),
                ["padding"] = new string('x', 1_000_000),
            }),
        };
        request.Headers.Add("Origin", browser.Origin);
        // The client waits for the server's go-ahead before it sends the body, as a careful client does: a server
        // that refuses a body unread may close the connection while a client still writes it.
        request.Headers.ExpectContinue = true;

        using var refused = await browser.Client.SendAsync(request, TestContext.Current.CancellationToken);
        using var stillIn = await browser.Client.GetAsync("/", TestContext.Current.CancellationToken);
        using var loggedOut = await browser.LogOutAsync();

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, loggedOut.StatusCode);
    }

    [Theory]
    [InlineData("/\u2215evil.example", "/%E2%88%95evil.example")]
    [InlineData("/ünïcode?x=ß", "/%C3%BCn%C3%AFcode?x=%C3%9F")]
    [InlineData("//evil.example", "/")]
    [InlineData("\u2215\u2215evil.example", "/")]
    public async Task AfterSigningInTheBrowserGoesToALocalPageEscapedOrHome(string returnUrl, string location)
    {
        var user = await app.CreateUserAsync("back");
        using var browser = new WebSession(app.WebAddress);

        using var response = await browser.PostFormAsync($"/Account/Login?ReturnUrl={Uri.EscapeDataString(returnUrl)}", new Dictionary<string, string>
        {
            ["Input.UserName"] = user.UserName,
            ["Input.Password"] = user.Password,
            ["ReturnUrl"] = returnUrl,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task WhenTheApiCannotBeReachedSigningInSaysForHowLongNeverA500()
    {
        // Nobody listens at the API's address: each sign-in finds no connection, tries again at once (it was never
        // sent), and must be answered the same way every time. (A refused connection does not count towards opening
        // the circuit: it says a replica is down, not that the service is failing.)
        var answers = new List<(HttpStatusCode Status, string? RetryAfter, string Page)>();
        for (var attempt = 0; attempt < 120; attempt++)
        {
            using var browser = new WebSession(unreachable.Web.Address);
            using var response = await browser.PostFormAsync("/Account/Login", new Dictionary<string, string>
            {
                ["Input.UserName"] = "anyone",
                ["Input.Password"] = "any password at all",
            });
            answers.Add((response.StatusCode, response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
                await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)));
        }

        Assert.All(answers, answer =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
            Assert.NotNull(answer.RetryAfter);
            Assert.Contains($"The chat service cannot be reached right now. Try again in {answer.RetryAfter} s.", answer.Page, StringComparison.Ordinal);
        });
    }
}
