using System.Net;
using System.Net.Http.Headers;
using System.Text;
using ChatBot.Tests.Infrastructure;

namespace ChatBot.Tests.Security;

/// <summary>
/// Hundreds of malformed, mistyped, oversized and meaningless inputs, to the hub and to the REST API. Each
/// gets a clear error or a clean close, never a stack trace; the server stays healthy and two people go
/// on chatting through it all.
/// </summary>
/// <summary>Run on each database: <see cref="OnSqlite"/> and <see cref="OnPostgreSql"/>.</summary>
public abstract partial class BadInputTests(ChatApp app)
{
    public sealed class OnSqlite(ChatApp app) : BadInputTests(app);

    public sealed class OnPostgreSql(PostgreSqlChatApp app) : BadInputTests(app);

    [Fact]
    public async Task EveryBadInputGetsAClearErrorOrACleanCloseAndNobodyElseNotices()
    {
        var alice = await app.CreateUserAsync("alice");
        var bob = await app.CreateUserAsync("bob");
        var conversation = (await alice.OpenConversationWithAsync(bob)).Id;
        await using var aliceDevice = await alice.ConnectAsync();
        await using var bobDevice = await bob.ConnectAsync();
        await aliceDevice.SendAsync(conversation, "before");

        var invocations = await TryInvocationsAsync(alice, conversation);
        var frames = await TryFramesAsync(alice);
        var handshakes = await TryHandshakesAsync(alice);
        var requests = await TryRequestsAsync(alice, conversation);
        invocations += await TryMessageChangesAsync(alice);

        var total = invocations + frames + handshakes + requests;
        TestContext.Current.TestOutputHelper!.WriteLine(
            $"Bad inputs tried: {total} ({invocations} hub invocations, {frames} malformed hub frames, {handshakes} handshakes, " +
            $"{requests} REST requests); each got a clear error or a clean close");
        Assert.True(total >= 200, $"only {total} bad inputs were tried");

        using var health = await app.CreateAnonymousClient().GetAsync("/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var after = await aliceDevice.SendAsync(conversation, "after");
        Assert.Equal(2, after.Seq);
        await bobDevice.Messages.WaitForAsync(m => m.Seq == after.Seq);
    }

    /// <summary>Invocations the hub must answer with an error, keeping the connection open.</summary>
    private async Task<int> TryInvocationsAsync(TestUser user, Guid conversation)
    {
        var c = $"\"{conversation}\"";
        var other = $"\"{Guid.NewGuid()}\"";
        var empty = $"\"{Guid.Empty}\"";
        string Send(string conversationId, string clientId, string body) => $"[{{\"conversationId\":{conversationId},\"clientMessageId\":{clientId},\"body\":{body}}}]";
        var id = $"\"{Guid.NewGuid()}\"";

        List<(string Target, string Arguments)> inputs =
        [
            .. new[]
            {
                "[]", "[null]", "[1]", "[\"text\"]", "[true]", "[[]]", "[{}]",
                Send("\"nope\"", id, "\"x\""), Send(c, "\"nope\"", "\"x\""), Send(c, id, "5"), Send(c, id, "\"\""),
                Send(c, id, "\"   \\n\\t \""), Send(c, id, "null"), Send(c, id, $"\"{new string('x', 4001)}\""),
                Send(other, id, "\"to nowhere\""), Send(empty, id, "\"to nobody\""), Send(c, empty, "\"no id\""),
                Send(c, id, "{}"), Send(c, id, "[\"x\"]"), $"[{{\"conversationId\":{c},\"clientMessageId\":{id},\"body\":\"x\"}}, 1]",
                Send(c, id, "\"nul \\u0000 inside\""), Send(c, id, "\"a bell \\u0007\""), Send(c, id, "\"\\u001b[31mred\""),
                Send(c, id, "\"back\\bspace\""), Send(c, id, "\"delete \\u007f\""),
            }.Select(arguments => ("SendMessage", arguments)),
            .. new[]
            {
                "[]", $"[{c}]", $"[{c},0]", "[\"x\",0,10]", $"[{c},\"zero\",10]", $"[{c},-1,10]", $"[{c},0,0]", $"[{c},0,501]",
                $"[{c},0,-3]", $"[{c},1e30,10]", $"[{c},0,10,99]", $"[{other},0,10]", "[null,0,10]", $"[{c},0.5,10]", $"[{c},0,\"all\"]",
            }.Select(arguments => ("GetMessagesAfter", arguments)),
            .. new[] { "[]", "[null]", "[\"x\"]", "[5]", $"[{other}]", $"[{empty}]", $"[{c},{c}]" }.Select(arguments => ("JoinConversation", arguments)),
            .. new[] { "[]", "[\"x\"]", "[5]", $"[{c},1]", "[{}]" }.Select(arguments => ("LeaveConversation", arguments)),
            .. new[] { "[]", "[\"x\"]", $"[{other}]", "[null]", "[{}]", $"[{empty}]" }.Select(arguments => ("Typing", arguments)),
            .. new[] { "[]", $"[{c}]", $"[{c},\"x\"]", "[\"x\",1]", $"[{other},1]", $"[{c},1e30]", $"[{c},1.5]", $"[{c},1,2]" }
                .SelectMany(arguments => new[] { ("MarkRead", arguments), ("MarkDelivered", arguments) }),
            .. new[]
            {
                "[]", "[null]", "[\"x\"]", "[[1,2]]", "[{}]", "[[[\"nested\"]]]",
                $"[[{string.Join(',', Enumerable.Range(0, 201).Select(i => $"\"user-{i}\""))}]]",
            }.Select(arguments => ("WatchPresence", arguments)),
            .. new[]
            {
                "Nope", "", "OnConnectedAsync", "OnDisconnectedAsync", "Dispose", "GetType", "ToString", "MembersOrThrowAsync",
                "FanOutAsync", "../SendMessage", "SendMessage\\u0000", "Send Message", new string('S', 1000), "Clients", "Context",
            }.Select(target => (target, "[]")),
        ];

        var invocation = 0;
        var hub = await RawHubSocket.ConnectAsync(app.ApiAddress, user.AccessToken);
        foreach (var (target, arguments) in inputs)
        {
            var invocationId = $"{++invocation}";
            await hub.SendAsync(Encoding.UTF8.GetBytes(
                $"{{\"type\":1,\"invocationId\":\"{invocationId}\",\"target\":\"{target}\",\"arguments\":{arguments}}}{RawHubSocket.RecordSeparator}"));
            string? error;
            try
            {
                error = await hub.CompletionErrorAsync(invocationId);
            }
            catch (TimeoutException timeout)
            {
                throw new TimeoutException($"{target}({arguments[..Math.Min(60, arguments.Length)]}): {timeout.Message}");
            }

            Assert.True(error is not null, $"{target}({arguments[..Math.Min(60, arguments.Length)]}) closed the connection instead of answering: {hub.CloseError}");
            AssertClear(error, $"{target}({arguments})");
        }

        await hub.DisposeAsync();
        return inputs.Count;
    }

    /// <summary>Frames no protocol-abiding client sends: the server closes the connection, cleanly.</summary>
    private async Task<int> TryFramesAsync(TestUser user)
    {
        const char end = RawHubSocket.RecordSeparator;
        var nested = new string('[', 200) + new string(']', 200);
        List<byte[]> frames =
        [
            .. new[]
            {
                "{", "{\"type\":1", "[1,2]", "\"text\"", "12", "null", "{}", "{\"type\":\"1\"}", "{\"type\":99}", "{\"type\":-1}",
                "{\"type\":8,\"anything\":[1,2,3]}", "{\"type\":42,\"target\":\"SendMessage\"}",
                "{\"type\":1,\"invocationId\":5,\"target\":\"SendMessage\",\"arguments\":[]}",
                "{\"type\":1,\"target\":5,\"arguments\":[]}", "{\"type\":1,\"target\":\"SendMessage\",\"arguments\":5}",
                "{\"type\":1,\"target\":\"SendMessage\",\"arguments\":{}}", "{\"type\":1,\"target\":\"SendMessage\",\"arguments\":[" + nested + "]}",
                "{\"type\":1,\"target\":null,\"arguments\":[]}", "{type:1}", "{'type':1}", "{\"type\":1,\"target\":\"Typing\",\"arguments\":[],}",
                "{\"type\":1}{\"type\":1}", "\0",
            }.Select(text => Encoding.UTF8.GetBytes(text + end)),
            Encoding.UTF8.GetBytes(new string('x', 40_000)),
            Encoding.UTF8.GetBytes("{\"type\":1,\"target\":\"SendMessage\",\"arguments\":[\"" + new string('y', 40_000) + "\"]}" + end),
            [0xff, 0xfe, 0x1e],
            [.. "{\"type\":1,\"target\":\"Typing\",\"arguments\":[\""u8, 0xc3, 0x28, .. "\"]}"u8, 0x1e],
            [.. "{\"type\":1,\"target\":\"Typ"u8, 0xe2, 0x82, .. "ing\",\"arguments\":[]}"u8, 0x1e],
            [0xc0, 0xaf, 0x1e],
            [.. "{\"type\":"u8, 0xf0, 0x28, 0x8c, 0x28, .. "}"u8, 0x1e],
        ];

        foreach (var frame in frames)
        {
            await using var hub = await RawHubSocket.ConnectAsync(app.ApiAddress, user.AccessToken);
            await hub.SendAsync(frame);
            Assert.True(await ClosedAsync(hub, Describe(frame)), $"the server kept a connection open after: {Describe(frame)}");
            AssertClear(hub.CloseError, Describe(frame));
        }

        return frames.Count;
    }

    /// <summary>Handshakes the server cannot accept: refused, and the connection closed.</summary>
    private async Task<int> TryHandshakesAsync(TestUser user)
    {
        const char end = RawHubSocket.RecordSeparator;
        List<byte[]> handshakes =
        [
            .. new[]
            {
                "{\"protocol\":\"xml\",\"version\":1}", "{\"protocol\":\"json\",\"version\":99}", "{\"protocol\":\"json\"}", "{}",
                "garbage", "", "{\"protocol\":\"json \",\"version\":1}", "{\"protocol\":1,\"version\":1}", "[\"json\",1]",
            }.Select(text => Encoding.UTF8.GetBytes(text + end)),
            [0xff, 0x1e],
        ];

        foreach (var handshake in handshakes)
        {
            await using var hub = await RawHubSocket.ConnectAsync(app.ApiAddress, user.AccessToken, handshake: false);
            await hub.SendAsync(handshake);
            Assert.True(await ClosedAsync(hub, Describe(handshake)), $"the server kept a connection open after the handshake {Describe(handshake)}");
        }

        return handshakes.Count;
    }

    /// <summary>REST requests that are wrong in every way a request can be: each answered 4xx with a coded problem, never 5xx.</summary>
    private async Task<int> TryRequestsAsync(TestUser user, Guid conversation)
    {
        var other = Guid.NewGuid();
        var messages = $"/api/conversations/{conversation}/messages";
        List<(HttpMethod Method, string Path, HttpContent? Body, bool Anonymous)> requests =
        [
            .. new[]
            {
                "/api/conversations/not-a-guid", $"/api/conversations/{other}", $"/api/conversations/{Guid.Empty}",
                $"/api/conversations/{other}/messages", "/api/conversations/%00/messages", $"/api/conversations/{conversation}x",
                "/api/users/not-me", $"{messages}/1", "/api/nothing", $"/api/{new string('a', 5000)}", $"/api/conversations/{conversation}/messages/../../x",
            }.Select(path => (HttpMethod.Get, path, (HttpContent?)null, false)),
            .. new[]
            {
                "limit=0", "limit=-1", "limit=501", "limit=1000000000", "limit=abc", "limit=99999999999999999999", "limit=", "limit=1.5",
                "before=0", "before=-5", "before=abc", "after=-1", "after=abc", "before=1&after=1", "after=1e5", "before=99999999999999999999",
            }.Select(query => (HttpMethod.Get, $"{messages}?{query}", (HttpContent?)null, false)),
            .. new[] { "limit=0", "limit=51", "limit=abc", $"search={new string('s', 65)}", "limit=-7" }
                .Select(query => (HttpMethod.Get, $"/api/users?{query}", (HttpContent?)null, false)),
            .. new[] { "limit=0", "limit=201", "limit=abc" }.Select(query => (HttpMethod.Get, $"/api/conversations?{query}", (HttpContent?)null, false)),
            .. new HttpContent?[]
            {
                Json(""), Json("{"), Json("[]"), Json("\"x\""), Json("{\"userId\":123}"), Json("{\"userId\":null}"), Json("{\"userId\":\"\"}"),
                Json($"{{\"userId\":\"{new string('u', 70)}\"}}"), Json($"{{\"userId\":\"{other}\"}}"), Json($"{{\"userId\":\"{user.Id}\"}}"),
                new StringContent("userId=x", Encoding.UTF8, "text/plain"), new FormUrlEncodedContent([new("userId", "x")]),
                Bytes([.. "{\"userId\":\""u8, 0xff, 0xfe, .. "\"}"u8]), Json($"{{\"userId\":\"{new string('z', 2_000_000)}\"}}"),
                Json("{\"userId\":\"x\"} trailing"), Json(new string('[', 300) + new string(']', 300)), Json("{\"userId\":[\"x\"]}"),
            }.Select(body => (HttpMethod.Post, "/api/conversations/direct", body, false)),
            .. new HttpContent?[]
            {
                Json("{}"), Json("{\"name\":\"\",\"memberIds\":[\"a\",\"b\"]}"), Json($"{{\"name\":\"{new string('n', 65)}\",\"memberIds\":[\"a\",\"b\"]}}"),
                Json("{\"name\":\"x\",\"memberIds\":[]}"), Json("{\"name\":\"x\",\"memberIds\":[\"a\"]}"), Json("{\"name\":\"x\",\"memberIds\":\"a\"}"),
                Json("{\"name\":\"x\",\"memberIds\":[\"a\",\"a\"]}"), Json($"{{\"name\":\"x\",\"memberIds\":[\"{user.Id}\",\"b\"]}}"),
                Json($"{{\"name\":\"x\",\"memberIds\":[\"{other}\",\"{Guid.NewGuid()}\"]}}"), Json("{\"name\":\"x\",\"memberIds\":[null,\"b\"]}"),
                Json($"{{\"name\":\"x\",\"memberIds\":[{string.Join(',', Enumerable.Range(0, 100).Select(i => $"\"p{i}\""))}]}}"),
                Json("{\"name\":5,\"memberIds\":[\"a\",\"b\"]}"), Json("{\"name\":\"two\\nlines\",\"memberIds\":[\"a\",\"b\"]}"),
            }.Select(body => (HttpMethod.Post, "/api/conversations/groups", body, false)),
            (HttpMethod.Put, $"/api/conversations/{conversation}/name", Json("{\"name\":\"Us\"}"), false),
            (HttpMethod.Put, $"/api/conversations/{other}/name", Json("{\"name\":\"Theirs\"}"), false),
            (HttpMethod.Post, $"/api/conversations/{conversation}/leave", null, false),
            (HttpMethod.Post, $"/api/conversations/{other}/leave", null, false),
            (HttpMethod.Get, $"/api/conversations/{other}/members", null, false),
            (HttpMethod.Post, $"/api/conversations/{other}/members", Json("{\"userIds\":[\"a\"]}"), false),
            (HttpMethod.Post, $"/api/conversations/{conversation}/members", Json("{\"userIds\":[]}"), false),
            (HttpMethod.Delete, $"/api/conversations/{other}/members/someone", null, false),
            (HttpMethod.Post, $"/api/conversations/{conversation}/admins", Json("{}"), false),
            (HttpMethod.Post, $"/api/conversations/{other}/admins", Json("{\"userId\":\"a\"}"), false),
            (HttpMethod.Delete, "/api/conversations", null, false),
            (HttpMethod.Put, "/api/users/me", null, false),
            (HttpMethod.Post, "/api/users/me", null, false),
            (HttpMethod.Patch, "/api/conversations/direct", null, false),
            (HttpMethod.Post, messages, Json("{\"body\":\"over REST\"}"), false),
            .. new HttpContent?[]
            {
                Json("{}"), Json("{\"userName\":[]}"), Json($"{{\"userName\":\"ok_{Guid.NewGuid():N}\"[..20],\"displayName\":\"x\",\"password\":\"{new string('p', 300)}\"}}"),
                Json("{\"userName\":null,\"displayName\":\"x\",\"password\":\"long enough\"}"), Bytes([0xff, 0xfe]), Json(""),
                Json($"{{\"userName\":\"ok_{Guid.NewGuid():N}\"[..20],\"displayName\":\"{new string('d', 65)}\",\"password\":\"long enough\"}}"),
            }.Select(body => (HttpMethod.Post, "/api/auth/register", body, true)),
            // Display names and passwords that the rules refuse, each for its own reason.
            .. new[] { "\\u202Eevil", "\\u200B\\u200B", "a\\u0007b", "   ", "\\u2066isolated\\u2069" }
                .Select(displayName => Registration(displayName, "a quiet walk by the river")),
            .. new[] { "password", "12345678", "Password1", "qwertyuiop" }
                .Select(password => Registration("Someone", password)),
            (HttpMethod.Post, "/api/auth/register", Json("{\"userName\":\"rivers_end\",\"displayName\":\"Someone\",\"password\":\"my name is rivers_end\"}"), true),
            .. new HttpContent?[] { Json("{}"), Json("{\"userName\":1}"), Json("{\"password\":\"x\"}"), Json(""), Bytes([0xc0, 0xaf]) }
                .Select(body => (HttpMethod.Post, "/api/auth/login", body, true)),
            .. new HttpContent?[] { Json("{}"), Json("{\"refreshToken\":\"\"}"), Json("{\"refreshToken\":\"garbage\"}"), Json("{\"refreshToken\":123}") }
                .Select(body => (HttpMethod.Post, "/api/auth/refresh", body, true)),
        ];

        var count = 0;
        foreach (var (method, path, body, anonymous) in requests)
        {
            using var client = anonymous ? app.CreateAnonymousClient() : user.CreateClient();
            using var request = new HttpRequestMessage(method, path) { Content = body };
            using var response = await client.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var label = $"{method} {path[..Math.Min(80, path.Length)]}";
            Assert.True((int)response.StatusCode is >= 400 and < 500, $"{label} answered {(int)response.StatusCode}: {text[..Math.Min(300, text.Length)]}");
            AssertClear(text, label);
            AssertCoded(text, label);
            count++;
        }

        foreach (var authorization in new[] { "Bearer ", "Basic YWxpY2U6cGFzcw==", $"Bearer {new string('j', 10_000)}", "Bearer a.b.c", user.AccessToken })
        {
            using var client = app.CreateAnonymousClient();
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
            using var response = await client.GetAsync("/api/users/me");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            count++;
        }

        return count;

        static HttpContent Json(string text) => new StringContent(text, Encoding.UTF8, "application/json");

        static (HttpMethod, string, HttpContent?, bool) Registration(string displayName, string password) =>
            (HttpMethod.Post, "/api/auth/register",
                Json($"{{\"userName\":\"ok_{Guid.NewGuid():N}\"[..20],\"displayName\":\"{displayName}\",\"password\":\"{password}\"}}"), true);

        static HttpContent Bytes(byte[] bytes)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return content;
        }
    }

    /// <summary>An error a person or a client can act on: no stack trace, no source paths.</summary>
    private static void AssertClear(string? error, string input)
    {
        if (error is null)
        {
            return;
        }

        Assert.False(error.Contains("   at ", StringComparison.Ordinal) || error.Contains(".cs:line", StringComparison.Ordinal),
            $"{input[..Math.Min(80, input.Length)]} got a stack trace: {error[..Math.Min(500, error.Length)]}");
    }

    /// <summary>
    /// A problem a client can switch on: its <c>code</c>, whatever the words. Only Kestrel's own answers to
    /// requests it cannot parse (a NUL in the path) come before the application and have no body.
    /// </summary>
    private static void AssertCoded(string problem, string input)
    {
        if (problem.Length == 0 && input.Contains("%00", StringComparison.Ordinal))
        {
            return;
        }

        using var json = System.Text.Json.JsonDocument.Parse(problem);
        Assert.True(json.RootElement.TryGetProperty("code", out var code) && code.GetString() is { Length: > 0 },
            $"{input} answered without a code: {problem[..Math.Min(300, problem.Length)]}");
    }

    private static async Task<bool> ClosedAsync(RawHubSocket hub, string input)
    {
        try
        {
            return await hub.ClosedAsync();
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{input}: {timeout.Message}");
        }
    }

    private static string Describe(byte[] frame) =>
        Encoding.UTF8.GetString(frame[..Math.Min(60, frame.Length)]).Replace(RawHubSocket.RecordSeparator, '␞');
}
