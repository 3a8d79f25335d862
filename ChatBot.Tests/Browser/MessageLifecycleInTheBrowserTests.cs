using System.Text.RegularExpressions;
using ChatBot.Data;
using ChatBot.Tests.Groups;
using ChatBot.Tests.Infrastructure;
using ChatBot.Tests.Messages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatBot.Tests.Browser;

/// <summary>
/// What becomes of a message once it is sent, in the browsers of the people who see it: edited, deleted, replied
/// to, reacted to, mentioning someone, and formatted.
/// </summary>
[LongRunning]
public sealed partial class MessageLifecycleInTheBrowserTests(ChatApp app, Chromium chromium)
{
    private static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    private static readonly ViewportSize Phone = new() { Width = 375, Height = 667 };

    [Theory]
    [InlineData(1280)]
    [InlineData(375)]
    public async Task EditsAndDeletionsAreSeenLiveOnTheOtherSideAndAfterAReload(int width)
    {
        var (alice, bob, _) = await app.ConversationWithMessagesAsync(0);
        var alicePage = await SignedInAsync(alice, width);
        var bobPage = await SignedInAsync(bob, width);
        await alicePage.OpenConversationWithAsync(bob.UserName);
        await alicePage.SendAsync("see you at 5");
        await alicePage.SendAsync("wrong chat, sorry");
        await bobPage.Person(alice.UserName).ClickAsync();
        await Expect(bobPage.Message("wrong chat, sorry")).ToBeVisibleAsync();

        // Alice edits her first message from its menu: its text goes to the composer, and Enter saves it.
        var menu = await alicePage.OpenMenuAsync(alicePage.Message("see you at 5"));
        await menu.GetByTestId("edit").ClickAsync();
        await Expect(alicePage.Composer).ToHaveValueAsync("see you at 5");
        await Expect(alicePage.Page.GetByTestId("composer-context")).ToContainTextAsync("Editing your message");
        await alicePage.Composer.FillAsync("see you at 6");
        await alicePage.Composer.PressAsync("Enter");

        var edited = bobPage.Message("see you at 6");
        await Expect(edited.GetByTestId("edited")).ToBeVisibleAsync();
        await Expect(edited.GetByTestId("edited")).ToHaveAttributeAsync("title", new Regex("^Edited at "));
        await Expect(bobPage.Message("see you at 5")).ToHaveCountAsync(0);
        await Expect(bobPage.Page.GetByTestId("announcement")).ToHaveTextAsync($"{alice.DisplayName} edited a message: see you at 6");

        // Up in her empty composer edits her last message; Escape leaves it as it was.
        await alicePage.Composer.PressAsync("ArrowUp");
        await Expect(alicePage.Composer).ToHaveValueAsync("wrong chat, sorry");
        await alicePage.Composer.PressAsync("Escape");
        await Expect(alicePage.Composer).ToHaveValueAsync("");
        await Expect(alicePage.Page.GetByTestId("composer-context")).ToBeHiddenAsync();

        // She deletes it: asked once, it is gone for both of them.
        menu = await alicePage.OpenMenuAsync(alicePage.Message("wrong chat, sorry"));
        await menu.GetByTestId("delete").ClickAsync();
        await Expect(menu).ToContainTextAsync("Delete for everyone?");
        await menu.GetByTestId("confirm-delete").ClickAsync();
        await Expect(Deleted(bobPage)).ToHaveTextAsync("Message deleted");
        await Expect(bobPage.Message("wrong chat")).ToHaveCountAsync(0);
        await Expect(bobPage.Page.GetByTestId("announcement")).ToHaveTextAsync($"{alice.DisplayName} deleted a message");
        await Expect(Deleted(alicePage)).ToHaveTextAsync("Message deleted");

        // After a reload, the same; and Bob's menu on Alice's message offers neither Edit nor Delete.
        await bobPage.ReloadAsync();
        await bobPage.Person(alice.UserName).ClickAsync();
        await Expect(bobPage.Messages.Locator(".chat-bubble")).ToHaveTextAsync(["see you at 6", "Message deleted"]);
        await Expect(bobPage.Message("see you at 6").GetByTestId("edited")).ToBeVisibleAsync();
        menu = await bobPage.OpenMenuAsync(bobPage.Message("see you at 6"));
        await Expect(menu.GetByTestId("reply")).ToBeVisibleAsync();
        await Expect(menu.GetByTestId("edit")).ToBeHiddenAsync();
        await Expect(menu.GetByTestId("delete")).ToBeHiddenAsync();
    }

    [Theory]
    [InlineData(1280)]
    [InlineData(375)]
    public async Task AReplyGoesBackToItsOriginalFarBackInHistoryWhereLiveMessagesWaitForAJumpToTheLatest(int width)
    {
        var (alice, bob, conversation) = await app.ReadConversationWithMessagesAsync(120);
        await using var aliceDevice = await alice.ConnectAsync();
        await aliceDevice.ReplyAsync(conversation, "as I said", replyToSeq: 3);
        var page = await SignedInAsync(bob, width);
        await page.Person(alice.UserName).ClickAsync();
        await Expect(page.Messages).ToHaveCountAsync(50);

        var quote = page.Message("as I said").GetByTestId("reply-quote");
        await Expect(quote).ToContainTextAsync(alice.DisplayName);
        await Expect(quote).ToContainTextAsync("message 3");
        await quote.ClickAsync();

        // The history around it takes the place of the newest: it is shown among its neighbours, stands out, and has the focus.
        var original = Row(page, 3);
        await Expect(original).ToHaveClassAsync(new Regex("is-highlighted"));
        await Expect(original).ToBeInViewportAsync();
        await Expect(original).ToBeFocusedAsync();
        await Expect(Row(page, 2)).ToBeInViewportAsync();
        await Expect(Row(page, 4)).ToBeInViewportAsync();
        await Expect(page.Messages).ToHaveCountAsync(50);
        await Expect(page.Messages.First).ToHaveAttributeAsync("data-seq", "1");
        var jump = page.Page.GetByTestId("jump-to-latest");
        await Expect(jump).ToBeVisibleAsync();

        // Alice writes meanwhile: Bob hears it, and it waits for him past what is loaded, not among these.
        await aliceDevice.SendAsync(conversation, "are you still there?");
        await Expect(page.Page.GetByTestId("announcement")).ToHaveTextAsync($"{alice.DisplayName}: are you still there?");
        await Expect(page.Message("are you still there?")).ToHaveCountAsync(0);

        // Scrolling down brings the next page; the button brings the latest, the new message last, and the focus to it.
        await page.Page.GetByTestId("messages").EvaluateAsync("pane => { pane.scrollTop = pane.scrollHeight; pane.dispatchEvent(new Event('scroll')); }");
        await Expect(page.Messages).ToHaveCountAsync(100);
        await Expect(page.Message("are you still there?")).ToHaveCountAsync(0);
        await jump.ClickAsync();
        var live = page.Message("are you still there?");
        await Expect(live).ToBeInViewportAsync();
        await Expect(live).ToBeFocusedAsync();
        await Expect(page.Messages.Last).ToHaveAttributeAsync("data-seq", "122");
        await Expect(jump).ToBeHiddenAsync();

        // Back at the original, Bob answers it from its menu: the preview above the composer, which Escape or its × cancels.
        await quote.ClickAsync();
        await Expect(original).ToBeFocusedAsync();
        var menu = await page.OpenMenuAsync(original);
        await menu.GetByTestId("reply").ClickAsync();
        var preview = page.Page.GetByTestId("composer-context");
        await Expect(preview).ToContainTextAsync($"Replying to {alice.DisplayName}");
        await Expect(preview).ToContainTextAsync("message 3");
        await Expect(page.Composer).ToBeFocusedAsync();
        await page.Composer.PressAsync("Escape");
        await Expect(preview).ToBeHiddenAsync();
        await (await page.OpenMenuAsync(original)).GetByTestId("reply").ClickAsync();
        await page.Page.GetByTestId("cancel-reply").ClickAsync();
        await Expect(preview).ToBeHiddenAsync();
        await (await page.OpenMenuAsync(original)).GetByTestId("reply").ClickAsync();

        // What he sends goes after the newest, where the page goes with it.
        await page.SendAsync("got it");
        await Expect(page.Message("got it").GetByTestId("reply-quote")).ToContainTextAsync("message 3");
        await Expect(page.Message("got it")).ToBeInViewportAsync();
        await Expect(jump).ToBeHiddenAsync();
        await aliceDevice.Messages.WaitForAsync(m => m.Body == "got it" && m.ReplyToSeq == 3 && m.ReplyTo!.Excerpt == "message 3");

        // Alice deletes her original: both replies say so.
        await aliceDevice.DeleteAsync(conversation, 3);
        await Expect(page.Message("got it").GetByTestId("reply-quote")).ToContainTextAsync("Original message deleted");
        await Expect(page.Message("as I said").GetByTestId("reply-quote")).ToContainTextAsync("Original message deleted");
    }

    [Fact]
    public async Task ReactionsAreCountedLiveAndSayWhoReacted()
    {
        var (alice, bob, _) = await app.ConversationWithMessagesAsync(1);
        var alicePage = await SignedInAsync(alice, Desktop.Width);
        var bobPage = await SignedInAsync(bob, Desktop.Width);
        await alicePage.Person(bob.UserName).ClickAsync();
        await bobPage.Person(alice.UserName).ClickAsync();
        var onAlices = alicePage.Message("message 1").GetByTestId("reaction");
        var onBobs = bobPage.Message("message 1").GetByTestId("reaction");

        // Bob picks 👍 from the quick row: Alice sees it counted, and who.
        await bobPage.ReactAsync(bobPage.Message("message 1"), "👍");
        await Expect(onAlices).ToHaveCountAsync(1);
        await Expect(onAlices).ToHaveAttributeAsync("aria-label", $"👍 1: {bob.DisplayName}");
        await Expect(onAlices).ToHaveAttributeAsync("aria-pressed", "false");
        await onAlices.HoverAsync();
        await Expect(onAlices.GetByTestId("reaction-who")).ToBeVisibleAsync();
        await Expect(onAlices.GetByTestId("reaction-who")).ToHaveTextAsync(bob.DisplayName);

        // Alice adds hers with a click on the count; Bob sees two, his own first.
        await onAlices.ClickAsync();
        await Expect(onBobs).ToHaveAttributeAsync("aria-label", $"👍 2: You, {alice.DisplayName}");
        await Expect(onAlices).ToHaveAttributeAsync("aria-pressed", "true");

        // Any one emoji may be typed; anything else is explained and not sent.
        var menu = await bobPage.OpenMenuAsync(bobPage.Message("message 1"));
        await menu.GetByTestId("react").ClickAsync();
        await menu.GetByTestId("any-emoji").FillAsync("ok");
        await menu.GetByTestId("any-emoji").PressAsync("Enter");
        await Expect(bobPage.Page.GetByTestId("composer-error")).ToHaveTextAsync("A reaction is one emoji.");
        await menu.GetByTestId("any-emoji").FillAsync("🦜");
        await menu.GetByTestId("any-emoji").PressAsync("Enter");
        await Expect(onAlices).ToHaveCountAsync(2);
        await Expect(onAlices.Nth(1)).ToHaveAttributeAsync("aria-label", $"🦜 1: {bob.DisplayName}");

        // Bob takes his 👍 back.
        await onBobs.First.ClickAsync();
        await Expect(onAlices.First).ToHaveAttributeAsync("aria-label", "👍 1: You");

        // A reaction is not news: nothing is said of it. After a reload, the same counts.
        await Expect(alicePage.Page.GetByTestId("announcement")).Not.ToContainTextAsync("react");
        await alicePage.ReloadAsync();
        await alicePage.Person(bob.UserName).ClickAsync();
        await Expect(onAlices).ToHaveCountAsync(2);
        await Expect(onAlices).ToHaveTextAsync([new Regex("👍\\s*1"), new Regex("🦜\\s*1")]);
    }

    [Fact]
    public async Task AMentionIsSuggestedThenHighlightedMarkedAndNotifiedToThePersonMentioned()
    {
        var ann = await app.CreateUserAsync("ann");
        var ben = await app.CreateUserAsync("ben");
        var cat = await app.CreateUserAsync("cat");
        var group = await ann.CreateGroupAsync("Plans", ben, cat);
        var direct = (await ann.OpenConversationWithAsync(cat)).Id;
        await using (var annDevice = await ann.ConnectAsync())
        {
            await annDevice.SendAsync(direct, "hi Cat");
        }

        // Cat's tab shows her conversation with Ann, not the group; she has turned notifications on.
        var catPage = await ChatPage.OpenAsync(chromium, app.WebAddress, Desktop);
        await catPage.Page.Context.AddInitScriptAsync(RecordedNotifications.Script);
        await catPage.LogInAsync(cat.UserName, cat.Password);
        await catPage.Page.GetByTestId("turn-on-notifications").ClickAsync();
        await catPage.Person(ann.UserName).ClickAsync();
        await Expect(catPage.Message("hi Cat")).ToBeVisibleAsync();
        await Expect(catPage.Page.GetByTestId("connection-notice")).ToBeHiddenAsync();

        // Ben types "@cat" in the group: Cat is suggested, and no one else ("ca" could be in another's random
        // user name, a "t" never is); Enter takes her.
        var benPage = await SignedInAsync(ben, Desktop.Width);
        await Group(benPage).ClickAsync();
        await benPage.Composer.PressSequentiallyAsync("lunch @cat");
        var suggestions = benPage.Page.GetByTestId("mention-suggestions").GetByRole(AriaRole.Option);
        await Expect(suggestions).ToHaveTextAsync([$"{cat.DisplayName} @{cat.UserName}"]);
        await Expect(suggestions).ToHaveAttributeAsync("aria-selected", "true");
        await benPage.Composer.PressAsync("Enter");
        await Expect(benPage.Composer).ToHaveValueAsync($"lunch @{cat.DisplayName} ");
        await benPage.Composer.PressSequentiallyAsync("at noon?");
        await benPage.Composer.PressAsync("Enter");
        await Expect(benPage.Message("at noon?").Locator(".chat-mention")).ToHaveTextAsync($"@{cat.DisplayName}");

        // Cat: the group is marked, and she is told though her tab shows another conversation.
        await Expect(Group(catPage).GetByTestId("mentioned")).ToBeVisibleAsync();
        await Poll.UntilAsync(
            async () => (await RecordedNotifications.ShownAsync(catPage.Page)).Contains($"{ben.DisplayName} mentioned you in Plans: lunch @{cat.DisplayName} at noon?"),
            EventLog<object>.DefaultTimeout, "the mention is notified");

        // She opens the group: the message stands out, her name in it is highlighted (before the group's members
        // have come, held back here: her own name is known from the start), and the mark goes.
        var membersHeld = new TaskCompletionSource();
        await catPage.HoldRequestsAsync("**/api/conversations/*/members", membersHeld.Task);
        await Group(catPage).ClickAsync();
        var mentioning = catPage.Message("at noon?");
        await Expect(mentioning).ToHaveClassAsync(new Regex("is-mentioning-me"));
        await Expect(mentioning.Locator(".chat-mention")).ToHaveTextAsync($"@{cat.DisplayName}");
        membersHeld.SetResult();
        await Expect(Group(catPage).GetByTestId("mentioned")).ToBeHiddenAsync();

        await using var db = app.CreateDbContext();
        var stored = await db.Messages.SingleAsync(m => m.ConversationId == group.Id && m.Body.EndsWith("at noon?"), TestContext.Current.CancellationToken);
        Assert.Equal([cat.Id], Message.MentionIds(stored.Mentions!));
        Assert.Equal(0, (await ann.ListConversationsAsync()).Single(c => c.Id == group.Id).UnreadMentions);
    }

    [Fact]
    public async Task FormattedTextIsShownCopiedAsWrittenAndHtmlASenderWritesIsText()
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(0);
        var here = new Uri(app.WebAddress, "/Account/Login");
        await using (var aliceDevice = await alice.ConnectAsync())
        {
            await aliceDevice.SendAsync(conversation, $"**bold** _italic_ ~~gone~~ `code`\n> quoted\n\n- one\n- two\n\n```\nblock\n```\n[this page]({here}), mail ann@example.org, not [that](javascript:alert(1))");
            await aliceDevice.SendAsync(conversation, "<script>alert(1)</script>");
            await aliceDevice.SendAsync(conversation, "<img src=x onerror=\"document.title='pwned'\">");
        }

        var page = await SignedInAsync(bob, Desktop.Width);
        await page.Page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        var dialogs = new List<string>();
        page.Page.Dialog += (_, dialog) => dialogs.Add(dialog.Message);
        await page.Person(alice.UserName).ClickAsync();

        var formatted = page.Message("bold").Locator(".chat-bubble");
        await Expect(formatted.Locator("strong")).ToHaveTextAsync("bold");
        await Expect(formatted.Locator("em")).ToHaveTextAsync("italic");
        await Expect(formatted.Locator("s")).ToHaveTextAsync("gone");
        await Expect(formatted.Locator("p > code")).ToHaveTextAsync("code");
        await Expect(formatted.Locator("blockquote")).ToHaveTextAsync("quoted");
        await Expect(formatted.Locator("ul > li")).ToHaveTextAsync(["one", "two"]);
        await Expect(formatted.Locator("pre > code")).ToHaveTextAsync("block");
        var links = formatted.Locator("a");
        await Expect(links).ToHaveCountAsync(2);
        await Expect(links.First).ToHaveAttributeAsync("href", here.ToString());
        await Expect(links.Last).ToHaveAttributeAsync("href", "mailto:ann@example.org");
        await Expect(formatted).ToContainTextAsync("not [that](javascript:alert(1))");

        // "Copy text" copies the text as it was written.
        await (await page.OpenMenuAsync(page.Message("bold"))).GetByTestId("copy").ClickAsync();
        await Expect(page.Page.GetByTestId("announcement")).ToHaveTextAsync("Copied");
        Assert.StartsWith("**bold** _italic_ ~~gone~~ `code`\n> quoted", await page.Page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        await Expect(page.Message("<script>").Locator(".chat-bubble")).ToHaveTextAsync("<script>alert(1)</script>");
        await Expect(page.Message("<img").Locator(".chat-bubble")).ToHaveTextAsync("<img src=x onerror=\"document.title='pwned'\">");
        await Expect(page.Messages.Locator("script, img")).ToHaveCountAsync(0);

        // A link opens in a new tab that cannot reach back to this one.
        await Expect(links.First).ToHaveAttributeAsync("target", "_blank");
        await Expect(links.First).ToHaveAttributeAsync("rel", "noopener noreferrer");
        var opened = await page.Page.Context.RunAndWaitForPageAsync(() => links.First.ClickAsync());
        await opened.WaitForLoadStateAsync();
        Assert.True(await opened.EvaluateAsync<bool>("() => window.opener === null"));
        Assert.NotEqual("pwned", await page.Page.TitleAsync());
        Assert.Empty(dialogs);
    }

    [Fact]
    public async Task AnEditAndAReactionMadeWhileCutOffWaitSurviveAReloadAndAreStoredOnceOnReconnect()
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(1);
        var page = await ChatPage.OpenAsync(chromium, app.WebAddress, Desktop);
        var network = new HubNetwork();
        await page.Page.RouteWebSocketAsync(HubNetwork.HubPath(), network.Route);
        await page.LogInAsync(alice.UserName, alice.Password);
        await page.Person(bob.UserName).ClickAsync();
        await Expect(page.Page.GetByTestId("connection-notice")).ToBeHiddenAsync();

        await network.CutAsync();
        await Expect(page.Page.GetByTestId("connection-notice")).ToContainTextAsync("Reconnecting");
        await (await page.OpenMenuAsync(page.Message("message 1"))).GetByTestId("edit").ClickAsync();
        await page.Composer.FillAsync("message one");
        await page.Composer.PressAsync("Enter");
        await page.ReactAsync(page.Message("message one"), "❤️");
        await Expect(page.Message("message one").GetByText("Saving…")).ToBeVisibleAsync();
        await Expect(page.Message("message one").GetByTestId("reaction")).ToHaveAttributeAsync("aria-pressed", "true");

        await page.ReloadAsync();
        await page.Person(bob.UserName).ClickAsync();
        await Expect(page.Message("message one").GetByText("Saving…")).ToBeVisibleAsync();
        network.Restore();
        await Expect(page.Message("message one").GetByText("Saving…")).ToBeHiddenAsync();
        await Expect(page.Message("message one").GetByTestId("reaction")).ToHaveAttributeAsync("aria-label", "❤️ 1: You");

        var rows = await app.StoredRowsAsync(conversation);
        Assert.Equal([MessageKind.Text, MessageKind.MessageEdited, MessageKind.ReactionAdded], rows.Select(r => r.Kind));
        Assert.Equal("0", await page.Page.EvaluateAsync<string>($"() => String(JSON.parse(localStorage.getItem('chatbot.outbox.{alice.Id}')).length)"));
    }

    private async Task<ChatPage> SignedInAsync(TestUser user, int width)
    {
        var page = await ChatPage.OpenAsync(chromium, app.WebAddress, width < Desktop.Width ? Phone : Desktop, isMobile: width < Desktop.Width);
        await page.LogInAsync(user.UserName, user.Password);
        return page;
    }

    private static ILocator Row(ChatPage page, long seq) => page.Page.Locator($".chat-message[data-seq='{seq}']");

    private static ILocator Deleted(ChatPage page) => page.Messages.Locator(".chat-bubble.is-deleted");

    private static ILocator Group(ChatPage page, string name = "Plans") => page.Page.Locator($".chat-person[data-group-name='{name}']");
}
