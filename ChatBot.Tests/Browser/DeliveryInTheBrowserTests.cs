using System.Text.RegularExpressions;
using ChatBot.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatBot.Tests.Browser;

/// <summary>The client side of the delivery contract, in the browser: the outbox and the ticks.</summary>
[LongRunning]
public sealed class DeliveryInTheBrowserTests(ChatApp app, Chromium chromium)
{
    private static readonly ViewportSize Desktop = new() { Width = 1024, Height = 700 };

    [Fact]
    public async Task AMessageWrittenWhileCutOffWaitsSurvivesAReloadAndGoesOutOnceOnReconnect()
    {
        var alice = await app.CreateUserAsync("alice");
        var bob = await app.CreateUserAsync("bob");
        await alice.OpenConversationWithAsync(bob);
        await using var bobDevice = await bob.ConnectAsync();
        var page = await ChatPage.OpenAsync(chromium, app.WebAddress, Desktop);
        var network = new HubNetwork();
        await page.Page.RouteWebSocketAsync(HubNetwork.HubPath(), network.Route);
        await page.LogInAsync(alice.UserName, alice.Password);
        await page.OpenConversationWithAsync(bob.UserName);

        await network.CutAsync();
        await Expect(page.Page.GetByTestId("connection-notice")).ToContainTextAsync("Reconnecting");
        await page.SendAsync("written while cut off");
        await Expect(page.Message("written while cut off")).ToHaveAttributeAsync("data-state", "sending");

        await page.ReloadAsync();
        await page.OpenConversationWithAsync(bob.UserName);
        await Expect(page.Message("written while cut off")).ToHaveAttributeAsync("data-state", "sending");
        var missed = await bobDevice.SendAsync((await alice.OpenConversationWithAsync(bob)).Id, "sent while she was cut off");

        network.Restore();
        await Expect(page.Message("written while cut off")).ToHaveAttributeAsync("data-state", new Regex("sent|delivered|read"));
        await Expect(page.Message("sent while she was cut off")).ToHaveAttributeAsync("data-seq", $"{missed.Seq}");
        await bobDevice.Messages.WaitForAsync(m => m.Body == "written while cut off");
        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.Messages.CountAsync(m => m.Body == "written while cut off", TestContext.Current.CancellationToken));
        Assert.Equal("0", await page.Page.EvaluateAsync<string>($"() => String(JSON.parse(localStorage.getItem('chatbot.outbox.{alice.Id}')).length)"));
    }

    [Fact]
    public async Task TicksGoFromSentToDeliveredToRead()
    {
        var alice = await app.CreateUserAsync("alice");
        var bob = await app.CreateUserAsync("bob");
        await alice.OpenConversationWithAsync(bob);
        var alicePage = await ChatPage.OpenAsync(chromium, app.WebAddress, Desktop);
        await alicePage.LogInAsync(alice.UserName, alice.Password);
        await alicePage.OpenConversationWithAsync(bob.UserName);

        await alicePage.SendAsync("are you there?");
        await Expect(alicePage.Message("are you there?")).ToHaveAttributeAsync("data-state", "sent");
        await Expect(alicePage.Message("are you there?").Locator(".chat-ticks")).ToHaveTextAsync("✓ Sent");

        // Bob opens the chat: his device has the message (delivered), though he has not opened the conversation.
        var bobPage = await ChatPage.OpenAsync(chromium, app.WebAddress, Desktop);
        await bobPage.LogInAsync(bob.UserName, bob.Password);
        await Expect(bobPage.Person(alice.UserName).GetByTestId("unread")).ToHaveTextAsync("1");
        await Expect(alicePage.Message("are you there?")).ToHaveAttributeAsync("data-state", "delivered");
        await Expect(alicePage.Message("are you there?").Locator(".chat-ticks")).ToHaveTextAsync("✓✓ Delivered");

        await bobPage.Person(alice.UserName).ClickAsync();
        await Expect(alicePage.Message("are you there?")).ToHaveAttributeAsync("data-state", "read");
        await Expect(alicePage.Message("are you there?").Locator(".chat-ticks")).ToHaveTextAsync("✓✓ Read");
    }

    [Fact]
    public async Task ReadingInOneTabClearsTheUnreadCountInTheOthers()
    {
        var alice = await app.CreateUserAsync("alice");
        var bob = await app.CreateUserAsync("bob");
        var conversation = (await alice.OpenConversationWithAsync(bob)).Id;
        var firstTab = await ChatPage.OpenAsync(chromium, app.WebAddress, Desktop);
        await firstTab.LogInAsync(bob.UserName, bob.Password);
        var secondTab = new ChatPage(await firstTab.Page.Context.NewPageAsync(), app.WebAddress);
        await secondTab.Page.GotoAsync("/");
        await using (var aliceDevice = await alice.ConnectAsync())
        {
            await aliceDevice.SendAsync(conversation, "one");
            await aliceDevice.SendAsync(conversation, "two");
        }

        await Expect(firstTab.Person(alice.UserName).GetByTestId("unread")).ToHaveTextAsync("2");
        await Expect(secondTab.Person(alice.UserName).GetByTestId("unread")).ToHaveTextAsync("2");
        await firstTab.Person(alice.UserName).ClickAsync();

        await Expect(secondTab.Person(alice.UserName).GetByTestId("unread")).ToBeHiddenAsync();
        await secondTab.Page.ReloadAsync();
        await Expect(secondTab.Person(alice.UserName)).ToBeVisibleAsync();
        await Expect(secondTab.Person(alice.UserName).GetByTestId("unread")).ToBeHiddenAsync();
    }
}
