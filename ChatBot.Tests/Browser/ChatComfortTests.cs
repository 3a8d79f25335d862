using ChatBot.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatBot.Tests.Browser;

/// <summary>What people expect from a chat tab: clickable links, unread counts in the title, notifications.</summary>
public sealed class ChatComfortTests(ChatApp app, Chromium chromium)
{
    private static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };

    [Fact]
    public async Task LinksInMessagesOpenSafelyAndOnlyWebAndMailAddressesAreLinks()
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(0);
        await using (var aliceDevice = await alice.ConnectAsync())
        {
            await aliceDevice.SendAsync(conversation, "docs at https://example.org/guide?x=1, not javascript:alert(1) or data:text/html,hi");
        }

        var page = await ChatPage.OpenAsync(chromium, app.WebAddress, Desktop);
        await page.LogInAsync(bob.UserName, bob.Password);
        await page.Person(alice.UserName).ClickAsync();

        var links = page.Messages.Locator(".chat-bubble a");
        await Expect(links).ToHaveCountAsync(1);
        await Expect(links).ToHaveAttributeAsync("href", "https://example.org/guide?x=1");
        await Expect(links).ToHaveAttributeAsync("rel", "noopener noreferrer");
        await Expect(links).ToHaveAttributeAsync("target", "_blank");
        await Expect(page.Messages.Locator(".chat-bubble"))
            .ToHaveTextAsync("docs at https://example.org/guide?x=1, not javascript:alert(1) or data:text/html,hi");
    }

    [Fact]
    public async Task ANewMessageInAHiddenTabIsNotifiedOnceThePersonHasTurnedNotificationsOn()
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(1);
        var page = await ChatPage.OpenAsync(chromium, app.WebAddress, Desktop);
        await page.Page.Context.AddInitScriptAsync(RecordedNotifications.Script);
        await page.LogInAsync(bob.UserName, bob.Password);
        await Expect(page.Page).ToHaveTitleAsync("(1) Chat · ChatBot");

        // Nothing is asked at load: only the person's click asks.
        var turnOn = page.Page.GetByTestId("turn-on-notifications");
        await Expect(turnOn).ToBeVisibleAsync();
        Assert.Equal(0, await page.Page.EvaluateAsync<int>("() => notificationLog.requests"));
        await turnOn.ClickAsync();
        await Expect(turnOn).ToBeHiddenAsync();
        Assert.Equal(1, await page.Page.EvaluateAsync<int>("() => notificationLog.requests"));

        await Expect(page.Page.GetByTestId("connection-notice")).ToBeHiddenAsync();
        await using var aliceDevice = await alice.ConnectAsync();
        await Expect(page.Person(alice.UserName).GetByTestId("presence")).ToHaveAttributeAsync("data-online", "true");
        await aliceDevice.SendAsync(conversation, "seen while the tab is open");
        await Expect(page.Page).ToHaveTitleAsync("(2) Chat · ChatBot");
        await page.Page.EvaluateAsync("() => { tabHidden = true; }");
        await aliceDevice.SendAsync(conversation, "are you there?");
        await Expect(page.Page).ToHaveTitleAsync("(3) Chat · ChatBot");

        Assert.Equal([$"{alice.DisplayName}: are you there?"], await RecordedNotifications.ShownAsync(page.Page));
    }
}
