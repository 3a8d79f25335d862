using System.Net;
using Aspire.Hosting.ApplicationModel;
using ChatBot.Tests.Browser;
using ChatBot.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatBot.Tests.AppHost;

/// <summary>
/// The README's quick start, taken the way people take it: the AppHost runs everything.
/// </summary>
public sealed class DefaultTopologyTests(DefaultAppHost host, Chromium chromium) : IClassFixture<DefaultAppHost>
{
    private RunningAppHost App => host.Run;

    [Fact]
    public async Task TheMigrationsFinishBeforeTheApiStartsAndEveryServiceIsHealthy()
    {
        var migrations = await App.WaitForAsync("migrations", s => s.ExitCode is not null);
        var api = await App.WaitForAsync("apiservice", s => s.HealthStatus is not null);
        var web = await App.WaitForAsync("webfrontend", s => s.HealthStatus is not null);
        using var http = new HttpClient();
        using var apiHealth = await http.GetAsync(new Uri(App.EndpointOf("apiservice"), "/health"), TestContext.Current.CancellationToken);

        // In the order the AppHost decided (process start times come from the OS, whose clock here is too coarse).
        var history = App.StateHistory.ToList();
        var apiWaiting = history.IndexOf(("apiservice", KnownResourceStates.Waiting));
        var migrated = history.IndexOf(("migrations", KnownResourceStates.Finished));
        var apiRunning = history.IndexOf(("apiservice", KnownResourceStates.Running));

        Assert.Equal((0, KnownResourceStates.Finished), (migrations.ExitCode, migrations.State?.Text));
        Assert.True(
            apiWaiting >= 0 && apiWaiting < migrated && migrated < apiRunning,
            $"the API waited, the migrations finished, then the API ran: {string.Join(", ", history)}");
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, api.HealthStatus);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, web.HealthStatus);
        Assert.Equal(HttpStatusCode.OK, apiHealth.StatusCode);
        Assert.True(File.Exists(Path.Combine(App.DataFolder, "chatbot.db")));
    }

    [Fact]
    public async Task TheConsoleSaysWhereTheChatIs()
    {
        var line = $"The chat is ready: open {App.WebAddress.ToString().TrimEnd('/')}";

        await Poll.UntilAsync(() => App.Logs.Entries.Any(e => e.Contains(line, StringComparison.Ordinal)), TimeSpan.FromSeconds(30), line);
    }

    [Fact]
    public async Task EveryAssetOfThePagesReachesABrowserWithContentAndItsType()
    {
        var user = await Accounts.CreateAsync(App.EndpointOf("apiservice"), "assets");
        using var session = new WebSession(App.WebAddress);
        await session.LogInAsync(user.UserName, user.Password);

        using var anonymous = new HttpClient { BaseAddress = App.WebAddress };

        var assets = (await StaticAssets.FetchAsync(anonymous, "/Account/Login", "/Account/Register"))
            .Concat(await StaticAssets.FetchAsync(session.Client, "/")).ToList();

        StaticAssets.AssertServed(assets);
        Assert.Contains(assets, a => a.Path.Contains("/js/chat", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.Path.Contains("/lib/alpinejs/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TwoPeopleRegisterTalkLiveAndFindTheirHistoryAfterAReload()
    {
        await using var people = await TwoPeopleInBrowsers.RegisterAsync(chromium, App.WebAddress);

        // Styled: the header takes its layout from the site's CSS and its colour from Bulma's.
        var header = people.Alice.Page.Locator(".app-header");
        await Expect(header).ToHaveCSSAsync("display", "flex");
        Assert.NotEqual("rgba(0, 0, 0, 0)", await header.EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor"));

        await people.TalkAndFindTheHistoryAfterAReloadAsync("Hello Bob, through the AppHost", "Hello Alice");
    }

    [Fact]
    public async Task OnADesktopAndAPhoneMessagesAreFormattedEditedDeletedRepliedToAndReactedTo()
    {
        await using var people = await TwoPeopleInBrowsers.RegisterAsync(chromium, App.WebAddress, bobOnAPhone: true);

        await people.FormatEditDeleteReplyAndReactAsync();
    }
}
