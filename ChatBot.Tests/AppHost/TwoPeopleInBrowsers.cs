using ChatBot.Tests.Browser;
using ChatBot.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatBot.Tests.AppHost;

/// <summary>
/// Alice and Bob, each in a Chromium of their own (Bob's a phone's, when asked), register on the front end the
/// AppHost serves, talk live, change what they said, and find it all after a reload. Every request the pages
/// make must succeed.
/// </summary>
public sealed class TwoPeopleInBrowsers : IAsyncDisposable
{
    private readonly string _aliceName = ChatApp.UniqueUserName("alice");
    private readonly string _bobName = ChatApp.UniqueUserName("bob");

    private TwoPeopleInBrowsers(ChatPage alice, ChatPage bob) => (Alice, Bob) = (alice, bob);

    public ChatPage Alice { get; }

    public ChatPage Bob { get; }

    /// <param name="axeOnBobsPage">Bob's page lets axe-core in (<see cref="ChatPage.OpenAsync"/>); Alice's keeps its policy.</param>
    public static async Task<TwoPeopleInBrowsers> RegisterAsync(Chromium chromium, Uri site, bool bobOnAPhone = false, bool axeOnBobsPage = false)
    {
        var desktop = new ViewportSize { Width = 1280, Height = 800 };
        var phone = new ViewportSize { Width = 375, Height = 667 };
        var people = new TwoPeopleInBrowsers(
            await ChatPage.OpenAsync(chromium, site, desktop),
            await ChatPage.OpenAsync(chromium, site, bobOnAPhone ? phone : desktop, isMobile: bobOnAPhone, bypassCsp: axeOnBobsPage));
        await people.Alice.RegisterAsync(people._aliceName, "Alice", ChatApp.Password);
        await people.Bob.RegisterAsync(people._bobName, "Bob", ChatApp.Password);
        return people;
    }

    public async Task TalkAndFindTheHistoryAfterAReloadAsync(string first, string reply)
    {
        await Alice.OpenConversationWithAsync(_bobName);
        await Alice.SendAsync(first);
        await Bob.Person(_aliceName).ClickAsync();
        await Expect(Bob.Message(first)).ToBeVisibleAsync();
        await Bob.SendAsync(reply);
        await Expect(Alice.Message(reply)).ToBeVisibleAsync();

        await Alice.ReloadAsync();
        await Alice.Person(_bobName).ClickAsync();
        await Expect(Alice.Messages.Locator(".chat-bubble")).ToHaveTextAsync([first, reply]);
        Assert.Empty(Alice.FailedRequests.Concat(Bob.FailedRequests));
    }

    /// <summary>
    /// Alice writes in Markdown, edits one message and deletes another; Bob replies to the edited one and reacts
    /// to it. Each sees the other do it, live, and the same after a reload.
    /// </summary>
    public async Task FormatEditDeleteReplyAndReactAsync()
    {
        await Alice.OpenConversationWithAsync(_bobName);
        await Alice.SendAsync("**Lunch** at noon?");
        await Alice.SendAsync("wrong chat");
        await Bob.Person(_aliceName).ClickAsync();
        await Expect(Bob.Message("Lunch").Locator(".chat-bubble strong")).ToHaveTextAsync("Lunch");

        await (await Alice.OpenMenuAsync(Alice.Message("Lunch"))).GetByTestId("edit").ClickAsync();
        await Alice.Composer.FillAsync("**Lunch** at one?");
        await Alice.Composer.PressAsync("Enter");
        await Expect(Bob.Message("Lunch at one?").GetByTestId("edited")).ToBeVisibleAsync();
        var menu = await Alice.OpenMenuAsync(Alice.Message("wrong chat"));
        await menu.GetByTestId("delete").ClickAsync();
        await menu.GetByTestId("confirm-delete").ClickAsync();
        await Expect(Bob.Messages.Locator(".chat-bubble.is-deleted")).ToHaveTextAsync("Message deleted");

        await (await Bob.OpenMenuAsync(Bob.Message("Lunch at one?"))).GetByTestId("reply").ClickAsync();
        await Bob.SendAsync("Works for me");
        await Expect(Alice.Message("Works for me").GetByTestId("reply-quote")).ToContainTextAsync("Lunch at one?");
        await Bob.ReactAsync(Bob.Message("Lunch at one?"), "👍");
        await Expect(Alice.Message("Lunch at one?").GetByTestId("reaction")).ToHaveAttributeAsync("aria-label", "👍 1: Bob");

        foreach (var (page, other) in new[] { (Alice, _bobName), (Bob, _aliceName) })
        {
            await page.ReloadAsync();
            await page.Person(other).ClickAsync();
            await Expect(page.Messages.Locator(".chat-bubble")).ToHaveTextAsync(["Lunch at one?", "Message deleted", "Works for me"]);
            await Expect(page.Message("Lunch at one?").GetByTestId("edited")).ToBeVisibleAsync();
            await Expect(page.Message("Lunch at one?").GetByTestId("reaction")).ToHaveCountAsync(1);
            await Expect(page.Message("Works for me").GetByTestId("reply-quote")).ToContainTextAsync("Lunch at one?");
        }

        Assert.Empty(Alice.FailedRequests.Concat(Bob.FailedRequests));
    }

    /// <summary>
    /// Alice pastes a screenshot, drops a PDF and picks a web page and a drawing, on an upload slow enough to watch;
    /// then sends them. Bob sees the picture live, opens it in the viewer and downloads the PDF; the page and the
    /// drawing download too, never shown. Bob's page has no accessibility violation with the viewer open.
    /// </summary>
    public async Task SendFilesAndPicturesAsync(byte[] screenshot, byte[] pdf)
    {
        await Alice.OpenConversationWithAsync(_bobName);
        var cdp = await Alice.Page.Context.NewCDPSessionAsync(Alice.Page);
        await cdp.SendAsync("Network.enable");
        await ThrottleUploadsAsync(cdp, pdf.Length / 3);

        await Alice.Page.EvaluateAsync(
            """
            ({ screenshot, pdf }) => {
                const file = (bytes, name, type) => new File([new Uint8Array(bytes)], name, { type });
                const pasted = new DataTransfer();
                pasted.items.add(file(screenshot, 'screenshot.png', 'image/png'));
                document.querySelector('[data-testid=composer]').dispatchEvent(new ClipboardEvent('paste', { clipboardData: pasted, bubbles: true, cancelable: true }));
                const dropped = new DataTransfer();
                dropped.items.add(file(pdf, 'report.pdf', 'application/pdf'));
                const pane = document.querySelector('.chat-conversation');
                pane.dispatchEvent(new DragEvent('dragover', { dataTransfer: dropped, bubbles: true, cancelable: true }));
                pane.dispatchEvent(new DragEvent('drop', { dataTransfer: dropped, bubbles: true, cancelable: true }));
            }
            """,
            new { screenshot = screenshot.Select(b => (int)b).ToArray(), pdf = pdf.Select(b => (int)b).ToArray() });
        var report = Alice.Page.Locator("[data-testid=attachment][data-name='report.pdf']");
        await Expect(report.GetByTestId("upload-progress")).ToBeVisibleAsync();
        await Expect(report.GetByTestId("upload-progress")).ToHaveAccessibleNameAsync("Uploading report.pdf");
        await Expect(Alice.Page.GetByTestId("send")).ToBeDisabledAsync();
        await Alice.Page.GetByTestId("file-input").SetInputFilesAsync(new FilePayload[]
        {
            new() { Name = "page.html", MimeType = "text/html", Buffer = "<html><script>alert(1)</script></html>"u8.ToArray() },
            new() { Name = "logo.svg", MimeType = "image/svg+xml", Buffer = "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"u8.ToArray() },
        });
        await Expect(Alice.Page.Locator("[data-testid=attachment][data-state=uploaded]")).ToHaveCountAsync(4, new() { Timeout = 30_000 });
        await ThrottleUploadsAsync(cdp, -1);
        await Alice.Composer.FillAsync("The figures, and a screenshot");
        await Alice.Page.GetByTestId("send").ClickAsync();
        await Expect(Alice.Page.GetByTestId("attachment")).ToHaveCountAsync(0);
        await Expect(Alice.Message("The figures").GetByTestId("thumbnail")).ToHaveCountAsync(1);

        await Bob.Person(_aliceName).ClickAsync();
        var message = Bob.Message("The figures");
        var thumbnail = message.GetByTestId("thumbnail").Locator("img");
        await Expect(thumbnail).ToHaveAttributeAsync("alt", "screenshot.png");
        await Expect(message.GetByTestId("file-card")).ToHaveCountAsync(3);
        foreach (var page in new[] { Alice, Bob })
        {
            var shown = page.Message("The figures").GetByTestId("thumbnail").Locator("img");
            await Expect(shown).ToHaveJSPropertyAsync("complete", true);
            Assert.True(await shown.EvaluateAsync<int>("img => img.naturalWidth") > 0, "the thumbnail was loaded and decoded");
        }

        await thumbnail.ClickAsync();
        var viewer = Bob.Page.GetByTestId("viewer").GetByRole(AriaRole.Dialog);
        await Expect(viewer).ToBeVisibleAsync();
        await Expect(Bob.Page.GetByTestId("viewer-close")).ToBeFocusedAsync();
        await Expect(Bob.Page.GetByTestId("viewer-picture")).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await Bob.Page.GetByTestId("viewer-picture").EvaluateAsync<int>("img => img.naturalWidth") > 0, "the viewer's picture was loaded");
        Assert.Empty(await Axe.AuditAsync(Bob.Page));
        await Bob.Page.Keyboard.PressAsync("Escape");
        await Expect(viewer).ToBeHiddenAsync();
        await Expect(message.GetByTestId("thumbnail")).ToBeFocusedAsync();

        foreach (var (name, bytes) in new[] { ("report.pdf", pdf), ("page.html", null), ("logo.svg", null) })
        {
            var download = await Bob.Page.RunAndWaitForDownloadAsync(() =>
                message.GetByTestId("file-card").Filter(new() { HasText = name }).ClickAsync());
            Assert.Equal(name, download.SuggestedFilename);
            if (bytes is not null)
            {
                Assert.Equal(bytes, await File.ReadAllBytesAsync(await download.PathAsync(), TestContext.Current.CancellationToken));
            }
        }

        Assert.Single(Bob.Page.Context.Pages);
        Assert.Empty(Alice.FailedRequests.Concat(Bob.FailedRequests));
    }

    /// <summary>Chromium's own throttle of what the page sends, in bytes a second (-1: none).</summary>
    private static Task ThrottleUploadsAsync(ICDPSession cdp, int bytesPerSecond) =>
        cdp.SendAsync("Network.emulateNetworkConditions", new Dictionary<string, object>
        {
            ["offline"] = false, ["latency"] = 0, ["downloadThroughput"] = -1, ["uploadThroughput"] = bytesPerSecond,
        });

    public async ValueTask DisposeAsync()
    {
        await Alice.Page.Context.CloseAsync();
        await Bob.Page.Context.CloseAsync();
    }
}
