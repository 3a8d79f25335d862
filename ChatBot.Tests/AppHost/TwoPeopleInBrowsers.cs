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
    private readonly List<string> _failedRequests = [];

    private readonly string _aliceName = ChatApp.UniqueUserName("alice");
    private readonly string _bobName = ChatApp.UniqueUserName("bob");

    private TwoPeopleInBrowsers(ChatPage alice, ChatPage bob)
    {
        (Alice, Bob) = (alice, bob);
        foreach (var page in new[] { alice.Page, bob.Page })
        {
            page.RequestFailed += (_, request) => _failedRequests.Add($"{request.Url}: {request.Failure}");
            page.Response += (_, response) =>
            {
                if (response.Status >= 400)
                {
                    _failedRequests.Add($"{response.Url}: {response.Status}");
                }
            };
        }
    }

    public ChatPage Alice { get; }

    public ChatPage Bob { get; }

    public static async Task<TwoPeopleInBrowsers> RegisterAsync(Chromium chromium, Uri site, bool bobOnAPhone = false)
    {
        var desktop = new ViewportSize { Width = 1280, Height = 800 };
        var phone = new ViewportSize { Width = 375, Height = 667 };
        var people = new TwoPeopleInBrowsers(
            await ChatPage.OpenAsync(chromium, site, desktop),
            bobOnAPhone ? await ChatPage.OpenAsync(chromium, site, phone, isMobile: true) : await ChatPage.OpenAsync(chromium, site, desktop));
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
        Assert.Empty(_failedRequests);
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

        Assert.Empty(_failedRequests);
    }

    public async ValueTask DisposeAsync()
    {
        await Alice.Page.Context.CloseAsync();
        await Bob.Page.Context.CloseAsync();
    }
}
