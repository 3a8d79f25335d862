using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Messages;
using ChatBot.Tests.Browser;
using ChatBot.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
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

    [Fact]
    public async Task FilesAndPicturesGoFromADesktopToAPhoneUploadedWithProgressAndOpenedSafely()
    {
        await using var people = await TwoPeopleInBrowsers.RegisterAsync(chromium, App.WebAddress, bobOnAPhone: true, axeOnBobsPage: true);

        await people.SendFilesAndPicturesAsync(Files.FileCalls.Png(1200, 800), Files.FileCalls.Pdf(300_000));
    }

    /// <summary>
    /// On a desktop and on a phone, a conversation opens at the first message not read yet; a word written long
    /// ago is found as written, and opens among its neighbours; a message that arrives meanwhile waits past
    /// "Jump to the latest".
    /// </summary>
    [Theory]
    [InlineData(1280)]
    [InlineData(375)]
    public async Task AConversationOpensAtItsFirstUnreadAndSearchOpensAMessageFarBackInItsContext(int width)
    {
        // The API's own clients come from another machine: the quick start keeps its real sign-in limits.
        var api = App.EndpointOf("apiservice");
        var alice = await Accounts.CreateAsync(api, "alice", from: "127.0.0.2");
        var bob = await Accounts.CreateAsync(api, "bob", from: "127.0.0.2");
        var conversation = (await alice.OpenConversationWithAsync(bob)).Id;
        await using var aliceDevice = await alice.ConnectAsync();
        await using var bobDevice = await bob.ConnectAsync();
        var sent = new List<MessageDto>();
        for (var i = 1; i <= 60; i++)
        {
            sent.Add(await (i <= 30 ? aliceDevice : bobDevice).SendAsync(conversation, i == 2 ? "Meet me at the Ünïcode café" : $"message {i}"));
        }

        await aliceDevice.Hub.InvokeAsync(nameof(ChatHub.MarkRead), conversation, sent[44].Seq, TestContext.Current.CancellationToken);
        var phone = width < 768;
        var page = await ChatPage.OpenAsync(
            chromium, App.WebAddress, new() { Width = width, Height = phone ? 667 : 800 }, isMobile: phone, bypassCsp: true);
        await page.LogInAsync(alice.UserName, alice.Password);
        await page.Person(bob.UserName).ClickAsync();
        await Expect(page.Page.GetByTestId("unread-divider")).ToBeInViewportAsync();
        await Expect(Row(page, sent[45].Seq)).ToBeInViewportAsync();
        await Expect(Row(page, sent[1].Seq)).ToHaveCountAsync(0);

        // Found without its accents and capitals, its words marked; no violation with the results open.
        // Typed straight after the key, as people do: every key reaches the box.
        await page.Page.Keyboard.PressAsync("Control+K");
        await page.Page.Keyboard.TypeAsync("unicode CAFE");
        await Expect(page.Page.GetByTestId("message-search")).ToHaveValueAsync("unicode CAFE");
        await page.Page.Keyboard.PressAsync("Enter");
        var result = page.Page.GetByTestId("search-result");
        await Expect(result).ToHaveCountAsync(1);
        await Expect(result.Locator("mark")).ToHaveTextAsync(["Ünïcode", "café"]);
        Assert.Empty(await Axe.AuditAsync(page.Page));

        await result.ClickAsync();
        var found = Row(page, sent[1].Seq);
        await Expect(found).ToHaveClassAsync(new Regex("is-highlighted"));
        await Expect(found).ToBeInViewportAsync();
        await Expect(Row(page, sent[0].Seq)).ToBeAttachedAsync();
        await Expect(Row(page, sent[2].Seq)).ToBeAttachedAsync();

        var live = await bobDevice.SendAsync(conversation, "Are you there?");
        // Arrived (the sidebar shows it), but not shown out of order after the window.
        await Expect(page.Person(bob.UserName)).ToContainTextAsync("Are you there?");
        await Expect(Row(page, live.Seq)).ToHaveCountAsync(0);
        var jump = page.Page.GetByTestId("jump-to-latest");
        await Expect(jump).ToBeVisibleAsync();
        await jump.ClickAsync();
        await Expect(Row(page, live.Seq)).ToBeInViewportAsync();
        await Expect(page.Messages.Last).ToHaveAttributeAsync("data-seq", live.Seq.ToString(CultureInfo.InvariantCulture));
        Assert.Empty(await Axe.AuditAsync(page.Page));
    }

    private static ILocator Row(ChatPage page, long seq) => page.Page.Locator($".chat-message[data-seq='{seq}']");
}
