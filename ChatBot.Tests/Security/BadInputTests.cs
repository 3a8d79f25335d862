using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using ChatBot.ApiService;
using ChatBot.ApiService.Auth;
using ChatBot.ApiService.Conversations;
using ChatBot.ApiService.Groups;
using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Messages;
using ChatBot.ApiService.Users;
using ChatBot.Data;
using ChatBot.Tests.Infrastructure;
using ChatBot.Tests.Refusals;
using static ChatBot.ApiService.Refusals.RefusalCodes;

namespace ChatBot.Tests.Security;

/// <summary>
/// Hundreds of malformed, mistyped, oversized and meaningless inputs, to the hub and to the REST API. Each
/// gets the refusal meant for it (its code and reason, or the kind of close), never a stack trace; the
/// server stays healthy and two people go on chatting through it all. Run on each database:
/// <see cref="OnSqlite"/> and <see cref="OnPostgreSql"/>.
/// </summary>
public abstract partial class BadInputTests(ChatApp app)
{
    /// <summary>SignalR's answer to a call it cannot bind to the method's parameters: the method never runs.</summary>
    private const string Unbound = "unbound";

    /// <summary>SignalR's answer to a call of a method the hub does not have.</summary>
    private const string NoSuchMethod = "no such method";

    /// <summary>The hub protocol's close: a close message, then a normal WebSocket close.</summary>
    private const string HubClose = "Connection closed with an error.";

    /// <summary>SignalR's answer to a handshake it cannot read.</summary>
    private const string UnreadableHandshake = "An unexpected error occurred during connection handshake.";

    /// <summary>The WebSocket's refusal of text that is not UTF-8, before the hub reads it.</summary>
    private const string NotUtf8 = "not UTF-8";

    /// <summary>The hub's largest message.</summary>
    private const int LargestFrame = (int)ApiServiceExtensions.MaximumHubMessageSize;

    public sealed class OnSqlite(ChatApp app) : BadInputTests(app);

    public sealed class OnPostgreSql(PostgreSqlChatApp app) : BadInputTests(app);

    [Fact]
    public async Task EveryBadInputGetsItsOwnRefusalAndNobodyElseNotices()
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
        var requests = await TryRequestsAsync(alice, bob, conversation) + await TrySearchesAsync(alice, conversation)
            + await TryFilesAsync(alice);
        invocations += await TryMessageChangesAsync(alice) + await TrySendingFilesAsync(alice, bob);

        var total = invocations + frames + handshakes + requests;
        TestContext.Current.TestOutputHelper!.WriteLine(
            $"Bad inputs tried: {total} ({invocations} hub invocations, {frames} malformed hub frames, {handshakes} handshakes, " +
            $"{requests} REST requests); each got the refusal meant for it");
        Assert.True(total >= 200, $"only {total} bad inputs were tried");

        using var health = await app.CreateAnonymousClient().GetAsync("/health", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var after = await aliceDevice.SendAsync(conversation, "after");
        Assert.Equal(2, after.Seq);
        await bobDevice.Messages.WaitForAsync(m => m.Seq == after.Seq);
    }

    /// <summary>
    /// Invocations the hub must answer with an error, keeping the connection open: a coded refusal
    /// (<c>code: message</c>) from the method, or SignalR's own answer where the call never reaches one.
    /// </summary>
    private async Task<int> TryInvocationsAsync(TestUser user, Guid conversation)
    {
        var c = $"\"{conversation}\"";
        var other = $"\"{Guid.NewGuid()}\"";
        var empty = $"\"{Guid.Empty}\"";
        string Send(string conversationId, string clientId, string body) => $"[{{\"conversationId\":{conversationId},\"clientMessageId\":{clientId},\"body\":{body}}}]";
        var id = $"\"{Guid.NewGuid()}\"";
        var notFound = $"{NotFound}: Conversation not found.";
        var blank = $"{InvalidMessage}: A message cannot be empty.";
        var controls = $"{InvalidMessage}: A message cannot contain control characters other than line breaks and tabs.";
        var tooLong = $"{InvalidMessage}: A message has at most {Message.MaxBodyLength} characters; this one has {Message.MaxBodyLength + 1}.";
        var badLimit = $"{InvalidArgument}: limit must be between 1 and {MessageHistory.MaxPageSize}.";
        var tooManyWatched = $"{InvalidArgument}: Watch between 0 and {ChatHub.MaxWatched} people at once.";

        List<(string Target, string Arguments, string Answer)> inputs =
        [
            .. new[]
            {
                ("[]", Unbound), ("[null]", $"{InvalidArgument}: A message is required."), ("[1]", Unbound), ("[\"text\"]", Unbound),
                ("[true]", Unbound), ("[[]]", Unbound), ("[{}]", blank),
                (Send("\"nope\"", id, "\"x\""), Unbound), (Send(c, "\"nope\"", "\"x\""), Unbound), (Send(c, id, "5"), Unbound),
                (Send(c, id, "\"\""), blank), (Send(c, id, "\"   \\n\\t \""), blank), (Send(c, id, "null"), blank),
                (Send(c, id, $"\"{new string('x', Message.MaxBodyLength + 1)}\""), tooLong),
                (Send(other, id, "\"to nowhere\""), notFound), (Send(empty, id, "\"to nobody\""), notFound),
                (Send(c, empty, "\"no id\""), $"{InvalidArgument}: A message needs a client message id."),
                (Send(c, id, "{}"), Unbound), (Send(c, id, "[\"x\"]"), Unbound),
                ($"[{{\"conversationId\":{c},\"clientMessageId\":{id},\"body\":\"x\"}}, 1]", Unbound),
                (Send(c, id, "\"nul \\u0000 inside\""), controls), (Send(c, id, "\"a bell \\u0007\""), controls),
                (Send(c, id, "\"\\u001b[31mred\""), controls), (Send(c, id, "\"back\\bspace\""), controls),
                (Send(c, id, "\"delete \\u007f\""), controls),
            }.Select(input => ("SendMessage", input.Item1, input.Item2)),
            .. new[]
            {
                ("[]", Unbound), ($"[{c}]", Unbound), ($"[{c},0]", Unbound), ("[\"x\",0,10]", Unbound), ($"[{c},\"zero\",10]", Unbound),
                ($"[{c},-1,10]", $"{InvalidArgument}: after must be a sequence number, 0 or more."), ($"[{c},0,0]", badLimit),
                ($"[{c},0,{MessageHistory.MaxPageSize + 1}]", badLimit), ($"[{c},0,-3]", badLimit), ($"[{c},1e30,10]", Unbound),
                ($"[{c},0,10,99]", Unbound), ($"[{other},0,10]", notFound), ("[null,0,10]", Unbound), ($"[{c},0.5,10]", Unbound),
                ($"[{c},0,\"all\"]", Unbound),
            }.Select(input => ("GetMessagesAfter", input.Item1, input.Item2)),
            .. new[]
            {
                ("[]", Unbound), ("[null]", Unbound), ("[\"x\"]", Unbound), ("[5]", Unbound), ($"[{other}]", notFound),
                ($"[{empty}]", notFound), ($"[{c},{c}]", Unbound),
            }.Select(input => ("JoinConversation", input.Item1, input.Item2)),
            .. new[] { "[]", "[\"x\"]", "[5]", $"[{c},1]", "[{}]" }.Select(arguments => ("LeaveConversation", arguments, Unbound)),
            .. new[]
            {
                ("[]", Unbound), ("[\"x\"]", Unbound), ($"[{other}]", notFound), ("[null]", Unbound), ("[{}]", Unbound), ($"[{empty}]", notFound),
            }.Select(input => ("Typing", input.Item1, input.Item2)),
            .. new[]
            {
                ("[]", Unbound), ($"[{c}]", Unbound), ($"[{c},\"x\"]", Unbound), ("[\"x\",1]", Unbound), ($"[{other},1]", notFound),
                ($"[{c},1e30]", Unbound), ($"[{c},1.5]", Unbound), ($"[{c},1,2]", Unbound),
            }.SelectMany(input => new[] { ("MarkRead", input.Item1, input.Item2), ("MarkDelivered", input.Item1, input.Item2) }),
            .. new[]
            {
                ("[]", Unbound), ("[null]", tooManyWatched), ("[\"x\"]", Unbound), ("[[1,2]]", Unbound), ("[{}]", Unbound),
                ("[[[\"nested\"]]]", Unbound),
                ($"[[{string.Join(',', Enumerable.Range(0, ChatHub.MaxWatched + 1).Select(i => $"\"user-{i}\""))}]]", tooManyWatched),
            }.Select(input => ("WatchPresence", input.Item1, input.Item2)),
            .. new[]
            {
                "Nope", "", "OnConnectedAsync", "OnDisconnectedAsync", "Dispose", "GetType", "ToString", "MembersOrThrowAsync",
                "FanOutAsync", "../SendMessage", "SendMessage\\u0000", "Send Message", new string('S', 1000), "Clients", "Context",
            }.Select(target => (target, "[]", NoSuchMethod)),
        ];

        var invocation = 0;
        var hub = await RawHubSocket.ConnectAsync(app.ApiAddress, user.AccessToken);
        foreach (var (target, arguments, expected) in inputs)
        {
            var invocationId = $"{++invocation}";
            var label = $"{target[..Math.Min(40, target.Length)]}({arguments[..Math.Min(60, arguments.Length)]})";
            await hub.SendAsync(Encoding.UTF8.GetBytes(
                $"{{\"type\":1,\"invocationId\":\"{invocationId}\",\"target\":\"{target}\",\"arguments\":{arguments}}}{RawHubSocket.RecordSeparator}"));
            string? error;
            try
            {
                error = await hub.CompletionErrorAsync(invocationId);
            }
            catch (TimeoutException timeout)
            {
                throw new TimeoutException($"{label}: {timeout.Message}");
            }

            Assert.True(error is not null, $"{label} closed the connection instead of answering: {hub.CloseError}");
            AssertClear(error, label);
            Assert.True(HubAnswer(error, target) == expected, $"{label} was answered '{error}', not {expected}");
        }

        await hub.DisposeAsync();
        return inputs.Count;
    }

    /// <summary>
    /// Frames no protocol-abiding client sends: the hub protocol closes the connection with its close message,
    /// or, for text that is not UTF-8, the WebSocket itself fails before the hub reads it.
    /// </summary>
    private async Task<int> TryFramesAsync(TestUser user)
    {
        const char end = RawHubSocket.RecordSeparator;
        var nested = new string('[', 200) + new string(']', 200);
        List<(byte[] Frame, string Close)> frames =
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
            }.Select(text => (Encoding.UTF8.GetBytes(text + end), HubClose)),
            // Over the hub's largest message: one without an end, and one whose end comes too late.
            (Encoding.UTF8.GetBytes(new string('x', LargestFrame + 1)), HubClose),
            (Encoding.UTF8.GetBytes("{\"type\":1,\"target\":\"SendMessage\",\"arguments\":[\"" + new string('y', LargestFrame) + "\"]}" + end), HubClose),
            .. new byte[][]
            {
                [0xff, 0xfe, 0x1e],
                [.. "{\"type\":1,\"target\":\"Typing\",\"arguments\":[\""u8, 0xc3, 0x28, .. "\"]}"u8, 0x1e],
                [.. "{\"type\":1,\"target\":\"Typ"u8, 0xe2, 0x82, .. "ing\",\"arguments\":[]}"u8, 0x1e],
                [0xc0, 0xaf, 0x1e],
                [.. "{\"type\":"u8, 0xf0, 0x28, 0x8c, 0x28, .. "}"u8, 0x1e],
            }.Select(frame => (frame, NotUtf8)),
        ];

        foreach (var (frame, close) in frames)
        {
            await using var hub = await RawHubSocket.ConnectAsync(app.ApiAddress, user.AccessToken);
            await hub.SendAsync(frame);
            Assert.True(await ClosedAsync(hub, Describe(frame)), $"the server kept a connection open after: {Describe(frame)}");
            AssertClear(hub.CloseError, Describe(frame));
            Assert.True(CloseOf(hub) == close, $"{Describe(frame)} was closed as '{CloseOf(hub)}', not '{close}'");
        }

        return frames.Count;
    }

    /// <summary>Handshakes the server cannot accept: refused with SignalR's reason, and the connection closed.</summary>
    private async Task<int> TryHandshakesAsync(TestUser user)
    {
        const char end = RawHubSocket.RecordSeparator;
        List<(byte[] Handshake, string Refusal)> handshakes =
        [
            .. new[]
            {
                ("{\"protocol\":\"xml\",\"version\":1}", "The protocol 'xml' is not supported."),
                ("{\"protocol\":\"json\",\"version\":99}", "The server does not support version 99 of the 'json' protocol."),
                ("{\"protocol\":\"json\"}", UnreadableHandshake), ("{}", UnreadableHandshake), ("garbage", UnreadableHandshake),
                ("", UnreadableHandshake), ("{\"protocol\":\"json \",\"version\":1}", "The protocol 'json ' is not supported."),
                ("{\"protocol\":1,\"version\":1}", UnreadableHandshake), ("[\"json\",1]", UnreadableHandshake),
            }.Select(input => (Encoding.UTF8.GetBytes(input.Item1 + end), input.Item2)),
            ([0xff, 0x1e], NotUtf8),
        ];

        foreach (var (handshake, refusal) in handshakes)
        {
            await using var hub = await RawHubSocket.ConnectAsync(app.ApiAddress, user.AccessToken, handshake: false);
            await hub.SendAsync(handshake);
            Assert.True(await ClosedAsync(hub, Describe(handshake)), $"the server kept a connection open after the handshake {Describe(handshake)}");
            var answer = refusal == NotUtf8 ? CloseOf(hub) : hub.HandshakeError;
            Assert.True(answer == refusal, $"the handshake {Describe(handshake)} was refused as '{answer}', not '{refusal}'");
        }

        return handshakes.Count;
    }

    /// <summary>
    /// REST requests that are wrong in every way a request can be: each answered 4xx with the problem meant for
    /// it (its status and code, and the rule, the fields or the unreadable input that refused it), never 5xx.
    /// </summary>
    private async Task<int> TryRequestsAsync(TestUser user, TestUser other, Guid conversation)
    {
        var nobody = Guid.NewGuid();
        var messages = $"/api/conversations/{conversation}/messages";
        var noSuchConversation = Rule(HttpStatusCode.NotFound, NotFound, "Conversation not found.");
        var noSuchPerson = Rule(HttpStatusCode.NotFound, NotFound, "There is no such person.");
        var notAGroup = Rule(HttpStatusCode.BadRequest, InvalidArgument, "That conversation is not a group.");
        var tooFew = Rule(HttpStatusCode.BadRequest, InvalidGroupSize,
            $"A group has at least {GroupRules.MinMembers} people: you and {GroupRules.MinMembers - 1} others.");
        var unnamed = Rule(HttpStatusCode.BadRequest, InvalidGroupName, "A group needs a name.");
        var tooCommon = Invalid("password").Saying(FriendlyIdentityErrors.PasswordTooCommon().Description);
        var tooCommonWithAdditions = Invalid("password").Saying(FriendlyIdentityErrors.PasswordTooCommonWithAdditions().Description);
        var invisibleGroupName = Rule(HttpStatusCode.BadRequest, InvalidGroupName, "A group's name needs at least one visible character.");
        var directions = Invalid("displayName").Saying("A display name cannot contain text-direction controls.");
        var someone = ChatApp.UniqueUserName("someone");
        const string oneStart = "Give one of before, after or around, not more.";
        List<(HttpMethod Method, string Path, HttpContent? Body, bool Anonymous, Refused Refused)> requests =
        [
            .. new[]
            {
                ("/api/conversations/not-a-guid", NoRoute), ($"/api/conversations/{nobody}", noSuchConversation),
                ($"/api/conversations/{Guid.Empty}", noSuchConversation), ($"/api/conversations/{nobody}/messages", noSuchConversation),
                ("/api/conversations/%00/messages", Kestrel), ($"/api/conversations/{conversation}x", NoRoute), ("/api/users/not-me", NoRoute),
                ($"{messages}/1", NoRoute), ("/api/nothing", NoRoute), ($"/api/{new string('a', 5000)}", NoRoute),
                ($"/api/conversations/{conversation}/messages/../../x", NoRoute),
            }.Select(request => (HttpMethod.Get, request.Item1, (HttpContent?)null, false, request.Item2)),
            .. new[]
            {
                ("limit=0", Invalid("limit")), ("limit=-1", Invalid("limit")), ($"limit={MessageHistory.MaxPageSize + 1}", Invalid("limit")),
                ("limit=1000000000", Invalid("limit")), ("limit=abc", Unread), ("limit=99999999999999999999", Unread), ("limit=", Unread),
                ("limit=1.5", Unread), ("before=0", Invalid("before")), ("before=-5", Invalid("before")), ("before=abc", Unread),
                ("after=-1", Invalid("after")), ("after=abc", Unread), ("before=1&after=1", Invalid("before", "after").Saying(oneStart)),
                ("after=1e5", Unread), ("before=99999999999999999999", Unread), ("around=0", Invalid("around")), ("around=-5", Invalid("around")),
                ("around=abc", Unread), ("around=", Unread), ("around=99999999999999999999", Unread), ($"around=5&limit={MessageHistory.MaxPageSize + 1}", Invalid("limit")),
                ("around=5&before=9", Invalid("before", "around").Saying(oneStart)), ("around=5&after=1", Invalid("after", "around").Saying(oneStart)),
                ("around=5&after=1&before=9", Invalid("before", "after", "around").Saying(oneStart)),
            }.Select(request => (HttpMethod.Get, $"{messages}?{request.Item1}", (HttpContent?)null, false, request.Item2)),
            .. new[]
            {
                ("limit=0", Invalid("limit")), ($"limit={UserSearch.MaxLimit + 1}", Invalid("limit")), ("limit=abc", Unread),
                ($"search={new string('s', UserSearch.MaxSearchLength + 1)}", Invalid("search")), ("limit=-7", Invalid("limit")),
            }.Select(request => (HttpMethod.Get, $"/api/users?{request.Item1}", (HttpContent?)null, false, request.Item2)),
            .. new[] { ("limit=0", Invalid("limit")), ($"limit={ConversationListQuery.MaxLimit + 1}", Invalid("limit")), ("limit=abc", Unread) }
                .Select(request => (HttpMethod.Get, $"/api/conversations?{request.Item1}", (HttpContent?)null, false, request.Item2)),
            .. new (HttpContent Body, Refused Refused)[]
            {
                (Json(""), Unread), (Json("{"), Unread), (Json("[]"), Unread), (Json("\"x\""), Unread), (Json("{\"userId\":123}"), Unread),
                (Json("{\"userId\":null}"), Invalid("userId")), (Json("{\"userId\":\"\"}"), Invalid("userId")),
                (Json($"{{\"userId\":\"{new string('u', 70)}\"}}"), Invalid("userId")), (Json($"{{\"userId\":\"{nobody}\"}}"), noSuchPerson),
                (Json($"{{\"userId\":\"{user.Id}\"}}"), Rule(HttpStatusCode.BadRequest, InvalidArgument, "You cannot start a conversation with yourself.")),
                (new StringContent("userId=x", Encoding.UTF8, "text/plain"), UnsupportedBody), (new FormUrlEncodedContent([new("userId", "x")]), UnsupportedBody),
                (Bytes([.. "{\"userId\":\""u8, 0xff, 0xfe, .. "\"}"u8]), Unread), (Json($"{{\"userId\":\"{new string('z', 2_000_000)}\"}}"), Invalid("userId")),
                (Json("{\"userId\":\"x\"} trailing"), Unread), (Json(new string('[', 300) + new string(']', 300)), Unread),
                (Json("{\"userId\":[\"x\"]}"), Unread),
            }.Select(request => (HttpMethod.Post, "/api/conversations/direct", (HttpContent?)request.Body, false, request.Refused)),
            .. new (HttpContent Body, Refused Refused)[]
            {
                (Json("{}"), unnamed), (Json("{\"name\":\"\",\"memberIds\":[\"a\",\"b\"]}"), unnamed),
                (Json($"{{\"name\":\"{new string('n', GroupRules.MaxNameLength + 1)}\",\"memberIds\":[\"a\",\"b\"]}}"), Rule(HttpStatusCode.BadRequest,
                    InvalidGroupName, $"A group's name has at most {GroupRules.MaxNameLength} characters; this one has {GroupRules.MaxNameLength + 1}.")),
                (Json("{\"name\":\"x\",\"memberIds\":[]}"), tooFew), (Json("{\"name\":\"x\",\"memberIds\":[\"a\"]}"), tooFew),
                (Json("{\"name\":\"x\",\"memberIds\":\"a\"}"), Unread),
                (Json("{\"name\":\"x\",\"memberIds\":[\"a\",\"a\"]}"), Rule(HttpStatusCode.BadRequest, InvalidArgument, "Name each person once.")),
                (Json($"{{\"name\":\"x\",\"memberIds\":[\"{user.Id}\",\"b\"]}}"),
                    Rule(HttpStatusCode.BadRequest, InvalidArgument, "You are in the group already: name the others.")),
                (Json($"{{\"name\":\"x\",\"memberIds\":[\"{nobody}\",\"{Guid.NewGuid()}\"]}}"), noSuchPerson),
                (Json("{\"name\":\"x\",\"memberIds\":[null,\"b\"]}"), Rule(HttpStatusCode.BadRequest, InvalidArgument, "A person's id is missing or malformed.")),
                (Json($"{{\"name\":\"x\",\"memberIds\":[{string.Join(',', Enumerable.Range(0, GroupRules.MaxMembers).Select(i => $"\"p{i}\""))}]}}"),
                    Rule(HttpStatusCode.BadRequest, InvalidGroupSize,
                        $"A group has at most {GroupRules.MaxMembers} people; this would make {GroupRules.MaxMembers + 1}.")),
                (Json("{\"name\":5,\"memberIds\":[\"a\",\"b\"]}"), Unread),
                (GroupNamed("two\\nlines"), Rule(HttpStatusCode.BadRequest, InvalidGroupName, "A group's name cannot contain control characters.")),
                // The names display names cannot have, groups cannot have either.
                (GroupNamed("line\\u2028separator"), Rule(HttpStatusCode.BadRequest, InvalidGroupName, "A group's name cannot contain control characters.")),
                (GroupNamed("\\u202Eevil"), Rule(HttpStatusCode.BadRequest, InvalidGroupName, "A group's name cannot contain text-direction controls.")),
                (GroupNamed("\\u200B"), invisibleGroupName), (GroupNamed("\\u3164"), invisibleGroupName), (GroupNamed("\\uFEFF\\u200D"), invisibleGroupName),
                (GroupNamed("\\u0301\\u0308"), invisibleGroupName),
            }.Select(request => (HttpMethod.Post, "/api/conversations/groups", (HttpContent?)request.Body, false, request.Refused)),
            (HttpMethod.Put, $"/api/conversations/{conversation}/name", Json("{\"name\":\"Us\"}"), false, notAGroup),
            (HttpMethod.Put, $"/api/conversations/{nobody}/name", Json("{\"name\":\"Theirs\"}"), false, noSuchConversation),
            (HttpMethod.Post, $"/api/conversations/{conversation}/leave", null, false, notAGroup),
            (HttpMethod.Post, $"/api/conversations/{nobody}/leave", null, false, noSuchConversation),
            (HttpMethod.Get, $"/api/conversations/{nobody}/members", null, false, noSuchConversation),
            (HttpMethod.Post, $"/api/conversations/{nobody}/members", Json($"{{\"userIds\":[\"{other.Id}\"]}}"), false, noSuchConversation),
            (HttpMethod.Post, $"/api/conversations/{conversation}/members", Json("{\"userIds\":[]}"), false,
                Rule(HttpStatusCode.BadRequest, InvalidArgument, "Say whom: no one was named.")),
            (HttpMethod.Delete, $"/api/conversations/{nobody}/members/someone", null, false, noSuchConversation),
            (HttpMethod.Post, $"/api/conversations/{conversation}/admins", Json("{}"), false,
                Rule(HttpStatusCode.BadRequest, InvalidArgument, "Say whom to make an admin.")),
            (HttpMethod.Post, $"/api/conversations/{nobody}/admins", Json("{\"userId\":\"a\"}"), false, noSuchConversation),
            (HttpMethod.Delete, "/api/conversations", null, false, NotAllowed),
            (HttpMethod.Put, "/api/users/me", null, false, NotAllowed),
            (HttpMethod.Post, "/api/users/me", null, false, NotAllowed),
            (HttpMethod.Patch, "/api/conversations/direct", null, false, NotAllowed),
            (HttpMethod.Post, messages, Json("{\"body\":\"over REST\"}"), false, NotAllowed),
            .. new (HttpContent Body, Refused Refused)[]
            {
                (Json("{}"), Invalid("userName", "displayName", "password")), (Json("{\"userName\":[]}"), Unread),
                (Registration("x", new string('p', Passwords.MaxLength + 1)),
                    Invalid("password").Saying($"A password has at most {Passwords.MaxLength} characters.")),
                (Json("{\"userName\":null,\"displayName\":\"x\",\"password\":\"long enough\"}"), Invalid("userName").Saying("Choose a user name.")),
                (Bytes([0xff, 0xfe]), Unread), (Json(""), Unread),
                (Registration(new string('d', ChatUser.MaxDisplayNameLength + 1), "long enough"),
                    Invalid("displayName").Saying($"A display name has at most {ChatUser.MaxDisplayNameLength} characters.")),
                // Display names and passwords that the rules refuse, each for its own reason.
                (Registration("\\u202Eevil", "a quiet walk by the river"), directions),
                (Registration("\\u200B\\u200B", "a quiet walk by the river"), Invalid("displayName").Saying("A display name needs at least one visible character.")),
                (Registration("a\\u0007b", "a quiet walk by the river"), Invalid("displayName").Saying("A display name cannot contain control characters.")),
                (Registration("   ", "a quiet walk by the river"), Invalid("displayName").Saying("Choose a display name.")),
                (Registration("\\u2066isolated\\u2069", "a quiet walk by the river"), directions),
                (Registration("Someone", "password"), tooCommon), (Registration("Someone", "12345678"), tooCommon),
                (Registration("Someone", "Password1"), tooCommon), (Registration("Someone", "qwertyuiop"), tooCommon),
                (Registration("Someone", "Summer2024"), tooCommonWithAdditions), (Registration("Someone", "Password1!"), tooCommonWithAdditions),
                (Json($"{{\"userName\":\"{someone}\",\"displayName\":\"Someone\",\"password\":\"my name is {someone}\"}}"),
                    Invalid("password").Saying("The password is too easy to guess: it contains your user name or display name.")),
            }.Select(request => (HttpMethod.Post, "/api/auth/register", (HttpContent?)request.Body, true, request.Refused)),
            .. new (HttpContent Body, Refused Refused)[]
            {
                (Json("{}"), Invalid("userName", "password")), (Json("{\"userName\":1}"), Unread), (Json("{\"password\":\"x\"}"), Invalid("userName")),
                (Json(""), Unread), (Bytes([0xc0, 0xaf]), Unread),
            }.Select(request => (HttpMethod.Post, "/api/auth/login", (HttpContent?)request.Body, true, request.Refused)),
            .. new (HttpContent Body, Refused Refused)[]
            {
                (Json("{}"), Invalid("refreshToken")), (Json("{\"refreshToken\":\"\"}"), Invalid("refreshToken")),
                (Json("{\"refreshToken\":\"garbage\"}"), Rule(HttpStatusCode.Unauthorized, Unauthenticated, "The session has ended; sign in again.")),
                (Json("{\"refreshToken\":123}"), Unread),
            }.Select(request => (HttpMethod.Post, "/api/auth/refresh", (HttpContent?)request.Body, true, request.Refused)),
        ];

        var count = 0;
        foreach (var (method, path, body, anonymous, refused) in requests)
        {
            using var client = anonymous ? app.CreateAnonymousClient() : user.CreateClient();
            using var request = new HttpRequestMessage(method, path) { Content = body };
            using var response = await client.SendAsync(request);
            var label = $"{method} {path[..Math.Min(80, path.Length)]}";
            await AssertRefusedAsync(response, refused, label);
            count++;
        }

        foreach (var authorization in new[] { "Bearer ", "Basic YWxpY2U6cGFzcw==", $"Bearer {new string('j', 10_000)}", "Bearer a.b.c", user.AccessToken })
        {
            using var client = app.CreateAnonymousClient();
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
            using var response = await client.GetAsync("/api/users/me");
            await AssertRefusedAsync(response, new Refused(HttpStatusCode.Unauthorized, Unauthenticated), $"Authorization: {authorization[..Math.Min(20, authorization.Length)]}");
            count++;
        }

        return count;

        static HttpContent Json(string text) => new StringContent(text, Encoding.UTF8, "application/json");

        static HttpContent GroupNamed(string name) => Json($"{{\"name\":\"{name}\",\"memberIds\":[\"a\",\"b\"]}}");

        static HttpContent Registration(string displayName, string password) =>
            Json($"{{\"userName\":\"{ChatApp.UniqueUserName("bad")}\",\"displayName\":\"{displayName}\",\"password\":\"{password}\"}}");

        static HttpContent Bytes(byte[] bytes)
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            return content;
        }
    }

    /// <summary>The framework refused the input before any handler read it (a malformed body or query): no detail, no fields.</summary>
    private static Refused Unread => new(HttpStatusCode.BadRequest, InvalidArgument);

    /// <summary>No route takes the path.</summary>
    private static Refused NoRoute => new(HttpStatusCode.NotFound, NotFound);

    private static Refused NotAllowed => new(HttpStatusCode.MethodNotAllowed, MethodNotAllowed);

    private static Refused UnsupportedBody => new(HttpStatusCode.UnsupportedMediaType, UnsupportedMediaType);

    /// <summary>Kestrel's own answer to a request it cannot parse (a NUL in the path): it comes before the application, without a body.</summary>
    private static Refused Kestrel => new(HttpStatusCode.BadRequest, Code: null);

    /// <summary>A validation problem naming exactly these fields.</summary>
    private static Refused Invalid(params string[] fields) => new(HttpStatusCode.BadRequest, InvalidArgument, Fields: fields);

    /// <summary>A rule of the app, refusing with its code and its own words.</summary>
    private static Refused Rule(HttpStatusCode status, string code, string detail) => new(status, code, detail);

    /// <summary>Which refusal a request gets: its status and code, and what says why (a detail, or the fields of a validation problem).</summary>
    private sealed record Refused(HttpStatusCode Status, string? Code, string? Detail = null, string[]? Fields = null, string? Says = null)
    {
        /// <summary>The same validation problem, its one field refused for this reason.</summary>
        public Refused Saying(string reason) => this with { Says = reason };
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, Refused expected, string label)
    {
        var refusal = await RestRefusal.ReadAsync(response);
        var said = $"{label} answered {refusal}";
        AssertClear(refusal.Body, label);
        Assert.True(refusal.Status == expected.Status, $"{said}, not {(int)expected.Status}");
        Assert.True(expected.Code is not null || refusal.Body.Length == 0, said);
        Assert.True(refusal.Code == expected.Code, $"{said}: not {expected.Code}");
        Assert.True(refusal.Detail == expected.Detail, $"{said}: not '{expected.Detail}'");
        Assert.True(refusal.Fields.SequenceEqual((expected.Fields ?? []).Order()), $"{said}: not about {string.Join(", ", expected.Fields ?? [])}");
        Assert.True(expected.Says is null || refusal.Errors[expected.Fields![0]].Contains(expected.Says), $"{said}: not '{expected.Says}'");
    }

    /// <summary>A refusal's <c>code: message</c>; else SignalR's answer for a call that reached no method.</summary>
    private static string HubAnswer(string error, string target)
    {
        var refusal = error.IndexOf("{\"code\":", StringComparison.Ordinal);
        if (refusal >= 0)
        {
            using var json = JsonDocument.Parse(error[refusal..]);
            return $"{json.RootElement.GetProperty("code").GetString()}: {json.RootElement.GetProperty("message").GetString()}";
        }

        var method = JsonSerializer.Deserialize<string>($"\"{target}\"");
        return error == $"Failed to invoke '{method}' due to an error on the server." ? Unbound
            : error == $"Failed to invoke '{method}' due to an error on the server. HubException: Method does not exist." ? NoSuchMethod
            : error;
    }

    /// <summary>
    /// How the connection was closed: by the hub protocol (its close message), or by the WebSocket for text that
    /// is not UTF-8: close code 1007, or a reset when that overtakes the close frame; never by the hub then.
    /// </summary>
    private static string CloseOf(RawHubSocket hub) => hub.CloseFrame.Status switch
    {
        WebSocketCloseStatus.NormalClosure when hub.CloseError is { } error => error,
        WebSocketCloseStatus.InvalidPayloadData or null when hub.CloseError is null && hub.HandshakeError is null => NotUtf8,
        var status => $"{status} ({hub.CloseError ?? hub.HandshakeError})",
    };

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
