using System.Net;
using System.Net.Http.Json;
using ChatBot.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChatBot.Tests.Web;

/// <summary>An app of its own whose clock the tests move: the API's access tokens live for an hour.</summary>
public sealed class ClockedApp : IAsyncLifetime
{
    public MovableClock Clock { get; } = new();

    public ChatApp App { get; }

    public ClockedApp() => App = new ChatApp(services => services.AddSingleton<TimeProvider>(Clock));

    public ValueTask InitializeAsync() => App.InitializeAsync();

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

public sealed class SessionRefreshTests(ClockedApp clocked) : IClassFixture<ClockedApp>
{
    [Fact]
    public async Task ASessionOutlivesItsAccessTokenByRefreshingIt()
    {
        var app = clocked.App;
        var user = await app.CreateUserAsync("lasting");
        using var session = new WebSession(app.WebAddress);
        await session.LogInAsync(user.UserName, user.Password);

        clocked.Clock.Advance(TimeSpan.FromHours(2));
        using var direct = user.CreateClient();
        using var expired = await direct.GetAsync("/api/users/me", TestContext.Current.CancellationToken);
        using var throughSession = await session.Client.GetAsync("/api/users/me", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Equal(HttpStatusCode.OK, throughSession.StatusCode);
        Assert.True(throughSession.Headers.Contains("Set-Cookie"), "the renewed session cookie carries the new tokens");
        var me = await throughSession.Content.ReadFromJsonAsync<ApiService.Users.UserSummary>(Json.Options, TestContext.Current.CancellationToken);
        Assert.Equal(user.Id, me!.Id);
    }

    [Fact]
    public async Task ASessionInUseKeepsGoingAndAnUnusedOneEndsAfterFourteenDays()
    {
        var app = clocked.App;
        var user = await app.CreateUserAsync("expiring");
        using var used = new WebSession(app.WebAddress);
        using var unused = new WebSession(app.WebAddress);
        await used.LogInAsync(user.UserName, user.Password);
        await unused.LogInAsync(user.UserName, user.Password);

        clocked.Clock.Advance(TimeSpan.FromDays(10));
        using var usedAtDay10 = await used.Client.GetAsync("/api/users/me", TestContext.Current.CancellationToken);
        clocked.Clock.Advance(TimeSpan.FromDays(5));
        using var usedAtDay15 = await used.Client.GetAsync("/api/users/me", TestContext.Current.CancellationToken);
        using var unusedApi = await unused.Client.GetAsync("/api/users/me", TestContext.Current.CancellationToken);
        using var unusedPage = await unused.Client.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, usedAtDay10.StatusCode);
        Assert.Equal(HttpStatusCode.OK, usedAtDay15.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unusedApi.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, unusedPage.StatusCode);
        Assert.StartsWith("/Account/Login", unusedPage.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASessionEndsThirtyDaysAfterSignInHoweverBusy()
    {
        var app = clocked.App;
        var user = await app.CreateUserAsync("busy");
        using var session = new WebSession(app.WebAddress);
        await session.LogInAsync(user.UserName, user.Password);

        var statuses = new List<HttpStatusCode>();
        var today = 0;
        foreach (var day in new[] { 10, 20, 29, 31 })
        {
            clocked.Clock.Advance(TimeSpan.FromDays(day - today));
            today = day;
            using var response = await session.Client.GetAsync("/api/users/me", TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
        }

        using var page = await session.Client.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized], statuses);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
    }
}
