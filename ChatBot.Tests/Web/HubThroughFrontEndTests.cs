using System.Net.WebSockets;
using System.Text;
using ChatBot.ApiService;
using ChatBot.Tests.Infrastructure;

namespace ChatBot.Tests.Web;

/// <summary>
/// The front end forwards a browser's hub WebSocket frame by frame: the hub reads its records as the browser sent
/// them, and its own limit on a record is the one that holds.
/// </summary>
public sealed class HubThroughFrontEndTests(ChatApp app)
{
    [Fact]
    public async Task ARecordThatNeverEndsIsCutOffAtTheHubsLimitByTheHubItself()
    {
        var user = await app.CreateUserAsync("flood");
        using var browser = new WebSession(app.WebAddress);
        await browser.LogInAsync(user.UserName, user.Password);
        await using var socket = await RawHubSocket.ConnectAsync(app.WebAddress, accessToken: null, configure: options =>
        {
            options.Cookies = browser.Cookies;
            options.SetRequestHeader("Origin", browser.Origin);
        });

        // Frames of more than half the largest record, with no record separator: the second takes the unfinished record past it.
        var frame = Encoding.UTF8.GetBytes("{\"type\":1,\"target\":\"SendMessage\",\"arguments\":[\"" + new string('x', (int)ApiServiceExtensions.MaximumHubMessageSize / 2 + 1));
        await socket.SendAsync(frame);
        await socket.SendAsync(frame);

        Assert.True(await socket.ClosedAsync(), "the connection stayed open past the hub's limit");
        Assert.Equal(("Connection closed with an error.", WebSocketCloseStatus.NormalClosure), (socket.CloseError, socket.CloseFrame.Status));
    }

    [Fact]
    public async Task RecordsSplitAcrossFramesStillArriveWhole()
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(0);
        using var browser = new WebSession(app.WebAddress);
        await browser.LogInAsync(alice.UserName, alice.Password);
        await using var bobDevice = await bob.ConnectAsync();
        await using var socket = await RawHubSocket.ConnectAsync(app.WebAddress, accessToken: null, configure: options =>
        {
            options.Cookies = browser.Cookies;
            options.SetRequestHeader("Origin", browser.Origin);
        });
        var body = string.Concat(Enumerable.Repeat("ünïcödé ", 500));
        var invocation = Encoding.UTF8.GetBytes(
            $"{{\"type\":1,\"invocationId\":\"1\",\"target\":\"SendMessage\",\"arguments\":[{{\"conversationId\":\"{conversation}\",\"clientMessageId\":\"{Guid.NewGuid()}\",\"body\":\"{body}\"}}]}}{RawHubSocket.RecordSeparator}");

        // Three WebSocket messages (each whole characters, as text messages must be), the record ending in the last.
        await socket.SendAsync(invocation[..100]);
        await socket.SendAsync(invocation[100..4000]);
        await socket.SendAsync(invocation[4000..]);

        var received = await bobDevice.Messages.WaitForAsync(m => m.ConversationId == conversation);
        Assert.Equal(body.Trim(), received.Body);
    }
}
