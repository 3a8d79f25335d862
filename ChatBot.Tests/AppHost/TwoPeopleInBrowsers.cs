using ChatBot.Tests.Browser;
using ChatBot.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatBot.Tests.AppHost;

/// <summary>
/// Alice and Bob, each in a Chromium of their own, register on the front end the AppHost serves, talk live,
/// and find their history after a reload. Every request the pages make must succeed.
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

    public static async Task<TwoPeopleInBrowsers> RegisterAsync(IBrowser browser, Uri site)
    {
        var desktop = new ViewportSize { Width = 1280, Height = 800 };
        var people = new TwoPeopleInBrowsers(
            await ChatPage.OpenAsync(browser, site, desktop), await ChatPage.OpenAsync(browser, site, desktop));
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

    public async ValueTask DisposeAsync()
    {
        await Alice.Page.Context.CloseAsync();
        await Bob.Page.Context.CloseAsync();
    }
}
