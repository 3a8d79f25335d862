using ChatBot.Tests.Groups;
using ChatBot.Tests.Infrastructure;
using ChatBot.Tests.Messages;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatBot.Tests.Browser;

/// <summary>
/// The pages as everyone uses them: no axe-core violation (WCAG 2.1 A and AA, and best practice) on a
/// desktop or a phone, the chat usable from the keyboard alone (a message's menu too), and new messages, edits
/// and deletions said by screen readers.
/// </summary>
[LongRunning]
public sealed class AccessibilityTests(ChatApp app, Chromium chromium)
{
    private static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    private static readonly ViewportSize Phone = new() { Width = 375, Height = 667 };

    [Theory]
    [InlineData("log in", 1280)]
    [InlineData("log in", 375)]
    [InlineData("sign up", 1280)]
    [InlineData("sign up", 375)]
    [InlineData("chat", 1280)]
    [InlineData("chat", 375)]
    [InlineData("conversation", 1280)]
    [InlineData("conversation", 375)]
    [InlineData("message states", 1280)]
    [InlineData("message states", 375)]
    [InlineData("group", 1280)]
    [InlineData("group", 375)]
    [InlineData("new group", 1280)]
    [InlineData("new group", 375)]
    [InlineData("group members", 1280)]
    [InlineData("group members", 375)]
    [InlineData("message lifecycle", 1280)]
    [InlineData("message lifecycle", 375)]
    [InlineData("message menu", 1280)]
    [InlineData("message menu", 375)]
    [InlineData("editing", 1280)]
    [InlineData("editing", 375)]
    [InlineData("reply preview", 1280)]
    [InlineData("reply preview", 375)]
    [InlineData("reaction picker", 1280)]
    [InlineData("reaction picker", 375)]
    [InlineData("mention suggestions", 1280)]
    [InlineData("mention suggestions", 375)]
    [InlineData("unread history", 1280)]
    [InlineData("unread history", 375)]
    public async Task APageHasNoAccessibilityViolations(string page, int width)
    {
        var chat = await OpenAsync(width == 375 ? Phone : Desktop, bypassCsp: true);
        switch (page)
        {
            case "log in":
                await chat.Page.GotoAsync("/Account/Login");
                break;
            case "sign up":
                await chat.Page.GotoAsync("/Account/Register");
                break;
            case "message states":
                await ShowOwnMessagesInEveryStateAsync(chat);
                break;
            case "message lifecycle" or "message menu" or "editing" or "reply preview" or "reaction picker" or "mention suggestions":
                await ShowAMessageLifecycleAsync(chat, page);
                break;
            case "unread history":
                // Opened at its first unread message, under the "New messages" line, with the newest a jump away.
                var (writer, reader, _) = await app.ConversationWithMessagesAsync(60);
                await chat.LogInAsync(reader.UserName, reader.Password);
                await chat.Person(writer.UserName).ClickAsync();
                await Expect(chat.Page.GetByTestId("unread-divider")).ToBeInViewportAsync();
                await Expect(chat.Page.GetByTestId("jump-to-latest")).ToBeVisibleAsync();
                break;
            default:
                var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(3);
                await using (var bobDevice = await bob.ConnectAsync())
                {
                    await bobDevice.SendAsync(conversation, "a link: https://example.org/page");
                }

                await chat.LogInAsync(alice.UserName, alice.Password);
                await Expect(chat.Person(bob.UserName)).ToBeVisibleAsync();
                if (page == "conversation")
                {
                    await chat.Person(bob.UserName).ClickAsync();
                    await Expect(chat.Messages).ToHaveCountAsync(4);
                    await Expect(chat.Message("message 3")).ToHaveAttributeAsync("data-state", "read");
                }
                else if (page == "new group")
                {
                    await chat.Page.GetByTestId("new-group").ClickAsync();
                    await chat.Page.GetByTestId("new-group-name").FillAsync("Accessible");
                    await chat.Page.GetByTestId("new-group-search").FillAsync(bob.UserName);
                    await chat.Page.Locator($".chat-pick[data-user-name='{bob.UserName}']").ClickAsync();
                    await chat.Page.GetByTestId("create-group").ClickAsync();
                    await Expect(chat.Page.GetByTestId("new-group-error")).ToContainTextAsync("Pick 1 more person");
                }
                else if (page.StartsWith("group", StringComparison.Ordinal))
                {
                    var carol = await app.CreateUserAsync("carol");
                    var group = await alice.CreateGroupAsync("Accessible group", bob, carol);
                    await using (var bobDevice = await bob.ConnectAsync())
                    {
                        await bobDevice.SendAsync(group.Id, "hello group");
                        await bobDevice.Hub.InvokeAsync(nameof(ChatBot.ApiService.Hubs.ChatHub.MarkRead), group.Id, 2L, TestContext.Current.CancellationToken);
                    }

                    await chat.Page.Locator($".chat-person[data-group-name='Accessible group']").ClickAsync();
                    await chat.SendAsync("my own");
                    await Expect(chat.Page.GetByTestId("event")).ToHaveCountAsync(1);
                    await Expect(chat.Message("my own").GetByTestId("ticks")).ToHaveTextAsync("✓ Sent");
                    if (page == "group members")
                    {
                        await chat.Page.GetByTestId("members-button").ClickAsync();
                        await Expect(chat.Page.GetByTestId("member")).ToHaveCountAsync(3);
                    }
                }

                break;
        }

        var violations = await Axe.AuditAsync(chat.Page);

        TestContext.Current.TestOutputHelper!.WriteLine($"axe-core on {page} at {width} px: {violations.Length} violations");
        Assert.True(violations.Length == 0, string.Join('\n', violations));
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(375)]
    public async Task TheChatWorksFromTheKeyboardAlone(int width)
    {
        var (alice, bob, _) = await app.ConversationWithMessagesAsync(1);
        var chat = await OpenAsync(width == 375 ? Phone : Desktop);
        await chat.LogInAsync(bob.UserName, bob.Password);
        var person = chat.Person(alice.UserName);
        await Expect(person).ToBeVisibleAsync();

        await TabUntilFocusedAsync(chat.Page, person, forward: true);
        await chat.Page.Keyboard.PressAsync("Enter");
        await Expect(chat.Message("message 1")).ToBeVisibleAsync();
        if (width == 375)
        {
            // On a phone the list gave way to the conversation: the focus is on its heading, and goes on from there.
            await Expect(chat.Page.GetByTestId("peer-name")).ToBeFocusedAsync();
            await TabUntilFocusedAsync(chat.Page, chat.Composer, forward: true);
        }

        await Expect(chat.Composer).ToBeFocusedAsync();
        await chat.Page.Keyboard.TypeAsync("written with keys only");
        await chat.Page.Keyboard.PressAsync("Enter");
        await Expect(chat.Message("written with keys only")).ToHaveAttributeAsync("data-state", new System.Text.RegularExpressions.Regex("sent|delivered|read"));

        // Back to the messages: the newest has the focus, Enter opens its menu, Escape closes it, Up goes to the one before.
        await TabUntilFocusedAsync(chat.Page, chat.Message("written with keys only"), forward: false);
        await chat.Page.Keyboard.PressAsync("Enter");
        await Expect(chat.Message("written with keys only").GetByTestId("reply")).ToBeFocusedAsync();
        await chat.Page.Keyboard.PressAsync("Escape");
        await Expect(chat.Page.GetByTestId("message-menu")).ToHaveCountAsync(0);
        await Expect(chat.Message("written with keys only")).ToBeFocusedAsync();
        await chat.Page.Keyboard.PressAsync("ArrowUp");
        await Expect(chat.Message("message 1")).ToBeFocusedAsync();
        await chat.Page.Keyboard.PressAsync("ContextMenu");
        await Expect(chat.Message("message 1").GetByTestId("reply")).ToBeFocusedAsync();
        await chat.Page.Keyboard.PressAsync("Enter");
        await Expect(chat.Page.GetByTestId("composer-context")).ToContainTextAsync("Replying to");
        await Expect(chat.Composer).ToBeFocusedAsync();
        await chat.Page.Keyboard.PressAsync("Escape");

        if (width == 375)
        {
            var back = chat.Page.GetByTestId("back");
            await TabUntilFocusedAsync(chat.Page, back, forward: false);
            await chat.Page.Keyboard.PressAsync("Enter");
            await Expect(person).ToBeVisibleAsync();
            await Expect(person).ToBeFocusedAsync();
        }
    }

    [Fact]
    public async Task NewMessagesAreSaidByScreenReaders()
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(1);
        var chat = await OpenAsync(Desktop);
        await chat.LogInAsync(bob.UserName, bob.Password);
        var announcement = chat.Page.GetByTestId("announcement");
        await Expect(announcement).ToHaveAttributeAsync("aria-live", "polite");
        // Bob's page loads the list, then connects; Alice, connecting after, can be shown online only by the
        // hub, once it has Bob's connection in place: from then on, he hears what she sends.
        await Expect(chat.Page.GetByTestId("connection-notice")).ToBeHiddenAsync();
        await using var aliceDevice = await alice.ConnectAsync();
        await Expect(chat.Person(alice.UserName).GetByTestId("presence")).ToHaveAttributeAsync("data-online", "true");

        await aliceDevice.SendAsync(conversation, "while the list shows");
        await Expect(announcement).ToHaveTextAsync($"New message from {alice.DisplayName}");

        await chat.Person(alice.UserName).ClickAsync();
        await Expect(chat.Messages).ToHaveCountAsync(2);
        var open = await aliceDevice.SendAsync(conversation, "while it is open");
        await Expect(announcement).ToHaveTextAsync($"{alice.DisplayName}: while it is open");

        // Edits and deletions are said; reactions are not.
        await aliceDevice.EditAsync(conversation, open.Seq, "while it is **still** open");
        await Expect(announcement).ToHaveTextAsync($"{alice.DisplayName} edited a message: while it is still open");
        await aliceDevice.ReactAsync(conversation, open.Seq, "👍");
        await Expect(chat.Message("still").GetByTestId("reaction")).ToHaveCountAsync(1);
        await Expect(announcement).ToHaveTextAsync($"{alice.DisplayName} edited a message: while it is still open");
        await aliceDevice.DeleteAsync(conversation, open.Seq);
        await Expect(announcement).ToHaveTextAsync($"{alice.DisplayName} deleted a message");
    }

    /// <summary>
    /// Alice's own messages, one in each state, each for real: read, delivered and only sent, as Bob's device
    /// told the server; one the server refused for good (a control character in it): failed; and one written
    /// while the page's hub connection is cut: sending.
    /// </summary>
    private async Task ShowOwnMessagesInEveryStateAsync(ChatPage chat)
    {
        var alice = await app.CreateUserAsync("alice");
        var bob = await app.CreateUserAsync("bob");
        var conversation = (await alice.OpenConversationWithAsync(bob)).Id;
        await using (var aliceDevice = await alice.ConnectAsync())
        {
            foreach (var text in new[] { "read by Bob", "delivered to Bob", "only sent" })
            {
                await aliceDevice.SendAsync(conversation, text);
            }
        }

        await using (var bobDevice = await bob.ConnectAsync())
        {
            await bobDevice.Hub.InvokeAsync(nameof(ChatBot.ApiService.Hubs.ChatHub.MarkRead), conversation, 1L, TestContext.Current.CancellationToken);
            await bobDevice.Hub.InvokeAsync(nameof(ChatBot.ApiService.Hubs.ChatHub.MarkDelivered), conversation, 2L, TestContext.Current.CancellationToken);
        }

        var network = new HubNetwork();
        await chat.Page.RouteWebSocketAsync(HubNetwork.HubPath(), network.Route);
        await chat.LogInAsync(alice.UserName, alice.Password);
        await chat.Person(bob.UserName).ClickAsync();
        await Expect(chat.Message("read by Bob")).ToHaveAttributeAsync("data-state", "read");
        await Expect(chat.Message("delivered to Bob")).ToHaveAttributeAsync("data-state", "delivered");
        await Expect(chat.Message("only sent")).ToHaveAttributeAsync("data-state", "sent");

        await Expect(chat.Page.GetByTestId("connection-notice")).ToBeHiddenAsync();
        await chat.SendAsync("a bell \u0007 rings");
        await Expect(chat.Message("a bell")).ToHaveAttributeAsync("data-state", "failed");

        await network.CutAsync();
        await Expect(chat.Page.GetByTestId("connection-notice")).ToContainTextAsync("Reconnecting");
        await chat.SendAsync("written while cut off");
        await Expect(chat.Message("written while cut off")).ToHaveAttributeAsync("data-state", "sending");
    }

    /// <summary>
    /// Alice's conversation with Bob with a message of every kind: formatted text, one that mentions her, one
    /// edited, one deleted, a reply, reactions; then, as <paramref name="state"/> asks, a message's menu open,
    /// her last message being edited, a reply being written, the reaction picker, or "@" suggestions.
    /// </summary>
    private async Task ShowAMessageLifecycleAsync(ChatPage chat, string state)
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(0);
        await using (var aliceDevice = await alice.ConnectAsync())
        await using (var bobDevice = await bob.ConnectAsync())
        {
            var formatted = await bobDevice.ReplyAsync(
                conversation, $"**Lunch** at _noon_, @{alice.DisplayName}? `12:00`\n> the usual\n\n- soup\n- [menu](https://example.org/menu)", null, [alice.Id]);
            var typo = await aliceDevice.SendAsync(conversation, "yes, see you thre");
            await aliceDevice.EditAsync(conversation, typo.Seq, "yes, see you there");
            var gone = await bobDevice.SendAsync(conversation, "never mind");
            await bobDevice.DeleteAsync(conversation, gone.Seq);
            await aliceDevice.ReplyAsync(conversation, "the soup, please", formatted.Seq);
            await aliceDevice.ReactAsync(conversation, formatted.Seq, "👍");
            await bobDevice.ReactAsync(conversation, formatted.Seq, "👍");
            await bobDevice.ReactAsync(conversation, typo.Seq, "❤️");
        }

        await chat.LogInAsync(alice.UserName, alice.Password);
        await chat.Person(bob.UserName).ClickAsync();
        await Expect(chat.Message("the soup, please").GetByTestId("reply-quote")).ToContainTextAsync("Lunch at noon");
        await Expect(chat.Message("Lunch").GetByTestId("reaction")).ToHaveAttributeAsync("aria-label", $"👍 2: You, {bob.DisplayName}");
        await Expect(chat.Message("see you there").GetByTestId("edited")).ToBeVisibleAsync();
        await Expect(chat.Messages.Locator(".chat-bubble.is-deleted")).ToHaveCountAsync(1);
        await Expect(chat.Message("Lunch")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("is-mentioning-me"));
        switch (state)
        {
            case "message menu":
                await chat.OpenMenuAsync(chat.Message("Lunch"));
                break;
            case "editing":
                await chat.Composer.PressAsync("ArrowUp");
                await Expect(chat.Page.GetByTestId("composer-context")).ToContainTextAsync("Editing");
                break;
            case "reply preview":
                await (await chat.OpenMenuAsync(chat.Message("Lunch"))).GetByTestId("reply").ClickAsync();
                await Expect(chat.Page.GetByTestId("composer-context")).ToContainTextAsync("Replying to");
                break;
            case "reaction picker":
                await (await chat.OpenMenuAsync(chat.Message("Lunch"))).GetByTestId("react").ClickAsync();
                await Expect(chat.Page.GetByTestId("reaction-picker")).ToBeVisibleAsync();
                break;
            case "mention suggestions":
                await chat.Composer.PressSequentiallyAsync("@");
                await Expect(chat.Page.GetByTestId("mention-suggestions").GetByRole(AriaRole.Option)).ToHaveCountAsync(1);
                break;
        }
    }

    private Task<ChatPage> OpenAsync(ViewportSize viewport, bool bypassCsp = false) =>
        ChatPage.OpenAsync(chromium, app.WebAddress, viewport, isMobile: viewport.Width < 768, bypassCsp);

    /// <summary>Presses Tab (or Shift+Tab) until the element has the focus; a page that never gets there fails.</summary>
    private static async Task TabUntilFocusedAsync(IPage page, ILocator target, bool forward)
    {
        for (var presses = 0; presses < 20; presses++)
        {
            if (await target.EvaluateAsync<bool>("element => element === document.activeElement"))
            {
                return;
            }

            await page.Keyboard.PressAsync(forward ? "Tab" : "Shift+Tab");
        }

        await Expect(target).ToBeFocusedAsync();
    }
}
