using ChatBot.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatBot.Tests.Browser;

public sealed class ChatInTheBrowserTests(ChatApp app, Chromium chromium)
{
    private static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    private static readonly ViewportSize Phone = new() { Width = 375, Height = 667 };

    [Fact]
    public async Task ThePeopleFoundComeIntoTheListAfterTheConversationsNotBeforeThem()
    {
        // The conversations are slow to come and the people are not. Shown first, the people would each move down
        // as the conversations came in above them, from under a pointer about to press one.
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(1);
        await app.CreateUserAsync("carol");
        var page = await ChatPage.OpenAsync(chromium, app.WebAddress, Desktop);
        var listHeld = new TaskCompletionSource();
        await page.HoldRequestsAsync("**/api/conversations", listHeld.Task);
        var peopleFound = page.Page.WaitForResponseAsync(response => response.Url.Contains("/api/users?"));
        try
        {
            await page.LogInAsync(alice.UserName, alice.Password);
            await (await peopleFound).FinishedAsync();
            // Two frames drawn since the people came: they would be on the page by now.
            await page.Page.EvaluateAsync("() => new Promise(drawn => requestAnimationFrame(() => requestAnimationFrame(drawn)))");
            await Expect(page.Page.Locator(".chat-person")).ToHaveCountAsync(0);
            await Expect(page.Page.GetByText("Nobody else is here yet.")).ToBeHiddenAsync();
        }
        finally
        {
            listHeld.SetResult();
        }

        await Expect(page.Page.Locator(".chat-person").First).ToHaveAttributeAsync("data-conversation-id", conversation.ToString());
        await Expect(page.Person(bob.UserName)).ToHaveCountAsync(1);
        await Expect(page.Page.Locator(".chat-person:not([data-conversation-id])").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task TheListStaysWhereItIsWhenTheConnectionNoticeGoes()
    {
        // A press on a row as the page connects: the "Connecting…" notice goes then, and must move no row.
        var (alice, bob, _) = await app.ConversationWithMessagesAsync(1);
        var page = await ChatPage.OpenAsync(chromium, app.WebAddress, Desktop);
        var hubHeld = new TaskCompletionSource();
        await page.HoldRequestsAsync("**/hubs/chat/negotiate*", hubHeld.Task);
        LocatorBoundingBoxResult? connecting;
        try
        {
            await page.LogInAsync(alice.UserName, alice.Password);
            await Expect(page.Page.GetByTestId("connection-notice")).ToHaveTextAsync("Connecting…");
            await Expect(page.Person(bob.UserName)).ToBeVisibleAsync();
            connecting = await page.Person(bob.UserName).BoundingBoxAsync();
        }
        finally
        {
            hubHeld.SetResult();
        }

        await Expect(page.Page.GetByTestId("connection-notice")).ToBeHiddenAsync();
        var connected = await page.Person(bob.UserName).BoundingBoxAsync();
        Assert.Equal(connecting!.Y, connected!.Y);
    }

    [Fact]
    public Task TwoPeopleChatLiveOnDesktops() => TwoPeopleChatLiveAsync(Desktop, isMobile: false);

    [Fact]
    public Task TwoPeopleChatLiveOnPhones() => TwoPeopleChatLiveAsync(Phone, isMobile: true);

    private async Task TwoPeopleChatLiveAsync(ViewportSize viewport, bool isMobile)
    {
        var alice = await ChatPage.OpenAsync(chromium, app.WebAddress, viewport, isMobile);
        var bob = await ChatPage.OpenAsync(chromium, app.WebAddress, viewport, isMobile);
        var aliceName = ChatApp.UniqueUserName("alice");
        var bobName = ChatApp.UniqueUserName("bob");
        await alice.RegisterAsync(aliceName, "Alice", ChatApp.Password);
        await bob.RegisterAsync(bobName, "Bob", ChatApp.Password);

        // Alice finds Bob and writes first; Bob, who has not opened anything, sees it arrive in his sidebar, and
        // Alice sees that it reached his device ("sent" comes first, for as long as his receipt takes).
        await alice.OpenConversationWithAsync(bobName);
        await alice.SendAsync("Hello Bob!");
        await Expect(alice.Message("Hello Bob!")).ToHaveAttributeAsync("data-state", "delivered");
        await Expect(bob.Person(aliceName).GetByTestId("unread")).ToHaveTextAsync("1");

        await bob.Person(aliceName).ClickAsync();
        await Expect(bob.Message("Hello Bob!")).ToBeVisibleAsync();
        await Expect(bob.Person(aliceName).GetByTestId("unread")).ToBeHiddenAsync();

        // Bob types: Alice sees it; Bob answers: Alice sees the answer live, and that he read hers.
        await bob.Composer.PressSequentiallyAsync("Hi Alice");
        await Expect(alice.Page.GetByTestId("peer-status")).ToHaveTextAsync("Bob is typing…");
        await bob.Composer.PressAsync("Enter");
        await Expect(alice.Message("Hi Alice")).ToBeVisibleAsync();
        await Expect(alice.Message("Hello Bob!")).ToHaveAttributeAsync("data-state", "read");

        // Shift+Enter breaks the line; Enter sends.
        await alice.Composer.PressSequentiallyAsync("two");
        await alice.Composer.PressAsync("Shift+Enter");
        await alice.Composer.PressSequentiallyAsync("lines");
        await alice.Composer.PressAsync("Enter");
        await Expect(bob.Message("two\nlines")).ToBeVisibleAsync();

        // After a reload the whole history is there, in order.
        await alice.ReloadAsync();
        await alice.Person(bobName).ClickAsync();
        await Expect(alice.Messages.Locator(".chat-bubble")).ToHaveTextAsync(["Hello Bob!", "Hi Alice", "two\nlines"]);

        // Bob is shown online while his page is open, and last seen once he has closed it. A page torn down before
        // its socket says goodbye (as a busy browser may) keeps its connection for SignalR's reconnect window, 15 s.
        await Expect(alice.Page.GetByTestId("peer-status")).ToHaveTextAsync($"@{bobName} · online");
        await bob.Page.Context.CloseAsync();
        await Expect(alice.Page.GetByTestId("peer-status")).ToHaveTextAsync(
            $"@{bobName} · last seen just now", new() { Timeout = 30_000 });
    }
}
