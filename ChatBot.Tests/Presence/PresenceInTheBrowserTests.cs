using System.Net.Http.Json;
using ChatBot.ApiService.Users;
using ChatBot.Tests.Browser;
using ChatBot.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ChatBot.Tests.Presence;

/// <summary>Presence as the chat page shows it, from its lists and the hub's live notices.</summary>
public sealed class PresenceInTheBrowserTests(ChatApp app, Chromium chromium)
{
    [Fact]
    public async Task AListReadBeforeSomeoneCameOnlineDoesNotUndoTheNoticeThatTheyDid()
    {
        var (alice, bob, _) = await app.ConversationWithMessagesAsync(1);
        await Poll.UntilAsync(async () => !(await SearchAsync(bob, alice)).IsOnline, TimeSpan.FromSeconds(15), "Alice's device to be counted out");
        await using var context = await chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.WebAddress.ToString() });
        var chat = new ChatPage(await context.NewPageAsync(), app.WebAddress);
        var listsAsked = 0;
        var listRead = new TaskCompletionSource();
        var listMayGo = new TaskCompletionSource();
        // The list the page loads again once connected: read by the server now, while Alice is offline, and
        // let through only after the hub has told the page that she came online.
        await chat.Page.RouteAsync("**/api/conversations", async route =>
        {
            if (Interlocked.Increment(ref listsAsked) != 2)
            {
                await route.ContinueAsync();
                return;
            }

            var list = await route.FetchAsync();
            listRead.SetResult();
            await listMayGo.Task;
            // Marked, so that the test sees when the page has taken it.
            await route.FulfillAsync(new() { Response = list, Body = (await list.TextAsync()).Replace(alice.DisplayName, $"{alice.DisplayName} as listed", StringComparison.Ordinal) });
        });
        var presence = chat.Person(alice.UserName).GetByTestId("presence");

        await chat.LogInAsync(bob.UserName, bob.Password);
        await listRead.Task.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
        await using var aliceDevice = await alice.ConnectAsync();
        await Expect(presence).ToHaveAttributeAsync("data-online", "true");
        listMayGo.SetResult();
        await Expect(chat.Person(alice.UserName)).ToContainTextAsync("as listed");

        await Expect(presence).ToHaveAttributeAsync("data-online", "true");
    }

    private static async Task<UserSummary> SearchAsync(TestUser viewer, TestUser person)
    {
        using var client = viewer.CreateClient();
        var found = await client.GetFromJsonAsync<List<UserSummary>>($"/api/users?search={person.UserName}", Json.Options);
        return Assert.Single(found!);
    }
}
