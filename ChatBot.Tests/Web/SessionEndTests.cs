using System.Net;
using ChatBot.Tests.Infrastructure;

namespace ChatBot.Tests.Web;

/// <summary>A browser's session ends on the server: a copy of its cookie is worth nothing afterwards.</summary>
public sealed class SessionEndTests(ChatApp app)
{
    [Fact]
    public async Task ACookieSavedBeforeLoggingOutNoLongerWorksAfterIt()
    {
        var user = await app.CreateUserAsync("saved");
        using var browser = new WebSession(app.WebAddress);
        await browser.LogInAsync(user.UserName, user.Password);
        using var copy = new WebSession(app.WebAddress);
        copy.Cookies.Add(browser.Cookies.GetAllCookies());
        using var beforeLogout = await copy.Client.GetAsync("/api/users/me", TestContext.Current.CancellationToken);

        using var logout = await browser.LogOutAsync();

        Assert.Equal(HttpStatusCode.OK, beforeLogout.StatusCode);
        Assert.Equal("/Account/Login", logout.Headers.Location!.OriginalString);
        await AssertEndedAsync(copy);
        await AssertEndedAsync(browser);
    }

    [Fact]
    public async Task LoggingOutEverywhereEndsTheSessionsOfEveryBrowser()
    {
        var user = await app.CreateUserAsync("allgone");
        using var desktop = new WebSession(app.WebAddress);
        using var phone = new WebSession(app.WebAddress);
        await desktop.LogInAsync(user.UserName, user.Password);
        await phone.LogInAsync(user.UserName, user.Password);
        using var phoneBefore = await phone.Client.GetAsync("/", TestContext.Current.CancellationToken);

        using var logout = await desktop.LogOutAsync(everywhere: true);

        Assert.Equal(HttpStatusCode.OK, phoneBefore.StatusCode);
        Assert.Equal("/Account/Login", logout.Headers.Location!.OriginalString);
        await AssertEndedAsync(phone);
        await AssertEndedAsync(desktop);
    }

    [Fact]
    public async Task LoggingOutEndsTheSessionsHubConnection()
    {
        var user = await app.CreateUserAsync("hubout");
        using var browser = new WebSession(app.WebAddress);
        await browser.LogInAsync(user.UserName, user.Password);
        await using var hub = await ChatConnection.ConnectAsync(browser.Site, accessToken: null, options =>
        {
            options.Cookies = browser.Cookies;
            options.Headers["Origin"] = browser.Origin;
        });
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        using var logout = await browser.LogOutAsync();

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
    }

    private static async Task AssertEndedAsync(WebSession session)
    {
        using var page = await session.Client.GetAsync("/", TestContext.Current.CancellationToken);
        using var api = await session.Client.GetAsync("/api/users/me", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/Account/Login", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
    }
}
