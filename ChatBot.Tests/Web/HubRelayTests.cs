using System.Net.WebSockets;
using System.Text;
using ChatBot.Tests.Infrastructure;
using ChatBot.Web.Proxy;

namespace ChatBot.Tests.Web;

/// <summary>The front end's WebSocket relay to the hub holds no more of a connection's input than the hub itself would take.</summary>
public sealed class HubRelayTests(ChatApp app)
{
    [Fact]
    public async Task ARecordThatNeverEndsIsCutOffAtTheHubsLimitWithAClearReason()
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
        var frame = Encoding.UTF8.GetBytes("{\"type\":1,\"target\":\"SendMessage\",\"arguments\":[\"" + new string('x', InvocationTracer.MaxRecordBytes / 2 + 1));
        await socket.SendAsync(frame);
        await socket.SendAsync(frame);

        Assert.True(await socket.ClosedAsync(), "the relay kept the connection open");
        Assert.Equal((WebSocketCloseStatus.MessageTooBig, $"A hub message is larger than {InvocationTracer.MaxRecordBytes / 1024} KiB."), socket.CloseFrame);
    }

    [Fact]
    public async Task ARecordWithAKeyTwiceIsPassedOnAndTheConnectionGoesOn()
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

        await socket.SendAsync(Encoding.UTF8.GetBytes(
            $"{{\"type\":1,\"target\":\"Typing\",\"arguments\":[\"{conversation}\"],\"headers\":{{}},\"headers\":{{}}}}{RawHubSocket.RecordSeparator}"));
        await socket.SendAsync(Encoding.UTF8.GetBytes(
            $"{{\"type\":1,\"invocationId\":\"2\",\"target\":\"SendMessage\",\"arguments\":[{{\"conversationId\":\"{conversation}\",\"clientMessageId\":\"{Guid.NewGuid()}\",\"body\":\"still here\"}}]}}{RawHubSocket.RecordSeparator}"));

        var received = await bobDevice.Messages.WaitForAsync(m => m.ConversationId == conversation);
        Assert.Equal("still here", received.Body);
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
