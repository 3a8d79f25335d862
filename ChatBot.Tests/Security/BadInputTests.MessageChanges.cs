using System.Text;
using System.Text.Json;
using ChatBot.ApiService.Groups;
using ChatBot.ApiService.Messages;
using ChatBot.Data;
using ChatBot.Tests.Infrastructure;
using ChatBot.Tests.Messages;
using static ChatBot.ApiService.Refusals.RefusalCodes;

namespace ChatBot.Tests.Security;

/// <summary>The bad inputs of replying, mentioning, editing, deleting and reacting: each answered with the refusal meant for it.</summary>
public abstract partial class BadInputTests
{
    /// <summary>
    /// Invocations of the hub's methods about messages' changes, in a conversation of the caller's own with
    /// messages of each kind to aim at: each is answered <c>code: message</c>, or as unbound, the connection kept open.
    /// </summary>
    private async Task<int> TryMessageChangesAsync(TestUser user)
    {
        var other = await app.CreateUserAsync("carol");
        var conversation = (await user.OpenConversationWithAsync(other)).Id;
        await using var mine = await user.ConnectAsync();
        await using var theirs = await other.ConnectAsync();
        var own = (await mine.SendAsync(conversation, "mine")).Seq;
        var others = (await theirs.SendAsync(conversation, "theirs")).Seq;
        var gone = (await mine.SendAsync(conversation, "gone")).Seq;
        var change = (await mine.DeleteAsync(conversation, gone)).Seq;

        var c = $"\"{conversation}\"";
        var nobody = $"\"{Guid.NewGuid()}\"";
        var empty = $"\"{Guid.Empty}\"";
        string Id() => $"\"{Guid.CreateVersion7()}\"";
        string Edit(string conversationId, string clientId, object seq, string body) =>
            $"[{{\"conversationId\":{conversationId},\"clientMessageId\":{clientId},\"seq\":{seq},\"body\":{body}}}]";
        string Delete(string conversationId, string clientId, object seq) =>
            $"[{{\"conversationId\":{conversationId},\"clientMessageId\":{clientId},\"seq\":{seq}}}]";
        string React(string conversationId, string clientId, object seq, string emoji) =>
            $"[{{\"conversationId\":{conversationId},\"clientMessageId\":{clientId},\"seq\":{seq},\"emoji\":{emoji}}}]";
        string Send(object replyToSeq, string mentions) =>
            $"[{{\"conversationId\":{c},\"clientMessageId\":{Id()},\"body\":\"x\",\"replyToSeq\":{replyToSeq},\"mentions\":{mentions}}}]";
        var messageNotFound = $"{NotFound}: {MessageRefusals.MessageNotFound.Message}";
        var conversationNotFound = $"{NotFound}: Conversation not found.";
        var notAuthor = $"{NotMessageAuthor}: {MessageRefusals.NotAuthor.Message}";
        var deleted = $"{MessageDeleted}: {MessageRefusals.Deleted.Message}";
        var noId = $"{InvalidArgument}: A message needs a client message id.";
        var notAnEmoji = $"{InvalidReaction}: A reaction is one emoji.";
        var tooManyMentioned = $"{InvalidArgument}: A message mentions at most {GroupRules.MaxMembers} people, each by their id.";

        List<(string Target, string Arguments, string Answer)> inputs =
        [
            .. new[]
            {
                ("[]", Unbound), ("[null]", $"{InvalidArgument}: Say which message to edit."),
                (Edit(c, Id(), own, "\"\""), $"{InvalidMessage}: A message cannot be empty."),
                (Edit(c, Id(), own, "\"a bell \\u0007\""), $"{InvalidMessage}: A message cannot contain control characters other than line breaks and tabs."),
                (Edit(c, Id(), own, $"\"{new string('x', Message.MaxBodyLength + 1)}\""),
                    $"{InvalidMessage}: A message has at most {Message.MaxBodyLength} characters; this one has {Message.MaxBodyLength + 1}."),
                (Edit(c, empty, own, "\"x\""), noId), (Edit(c, Id(), others, "\"not mine\""), notAuthor), (Edit(c, Id(), gone, "\"x\""), deleted),
                (Edit(c, Id(), 999, "\"x\""), messageNotFound), (Edit(c, Id(), 0, "\"x\""), messageNotFound), (Edit(c, Id(), -5, "\"x\""), messageNotFound),
                (Edit(c, Id(), change, "\"x\""), messageNotFound), (Edit(nobody, Id(), own, "\"x\""), conversationNotFound),
                (Edit(c, Id(), "\"one\"", "\"x\""), Unbound), (Edit(c, Id(), 1.5, "\"x\""), Unbound), (Edit(c, Id(), own, "5"), Unbound),
            }.Select(input => ("EditMessage", input.Item1, input.Item2)),
            .. new[]
            {
                ("[]", Unbound), ("[null]", $"{InvalidArgument}: Say which message to delete."), (Delete(c, Id(), others), notAuthor),
                (Delete(c, Id(), gone), deleted), (Delete(c, Id(), 999), messageNotFound), (Delete(c, Id(), change), messageNotFound),
                (Delete(c, empty, own), noId), (Delete(nobody, Id(), own), conversationNotFound), (Delete(c, Id(), "\"x\""), Unbound),
            }.Select(input => ("DeleteMessage", input.Item1, input.Item2)),
            .. new[]
            {
                ("[]", Unbound), ("[null]", $"{InvalidArgument}: Say which message to react to."),
                (React(c, Id(), own, "\"\""), notAnEmoji), (React(c, Id(), own, "\"a\""), notAnEmoji), (React(c, Id(), own, "\"👍👍\""), notAnEmoji),
                (React(c, Id(), own, "\"→\""), notAnEmoji), (React(c, Id(), own, "\"1\""), notAnEmoji), (React(c, Id(), own, "null"), notAnEmoji),
                (React(c, Id(), own, $"\"{string.Concat(Enumerable.Repeat("👍🏽", Reaction.MaxEmojiLength))}\""), notAnEmoji),
                (React(c, Id(), gone, "\"👍\""), deleted), (React(c, Id(), 999, "\"👍\""), messageNotFound),
                (React(c, Id(), change, "\"👍\""), messageNotFound), (React(c, empty, own, "\"👍\""), noId),
                (React(nobody, Id(), own, "\"👍\""), conversationNotFound), (React(c, Id(), own, "[\"👍\"]"), Unbound),
            }.Select(input => ("ToggleReaction", input.Item1, input.Item2)),
            .. new[]
            {
                (Send(999, "null"), messageNotFound), (Send(gone, "null"), deleted), (Send(change, "null"), messageNotFound),
                (Send("null", $"[{string.Join(',', Enumerable.Range(0, GroupRules.MaxMembers + 1).Select(i => $"\"p{i}\""))}]"), tooManyMentioned),
                (Send("null", "[\"\"]"), tooManyMentioned), (Send("null", "\"x\""), Unbound), (Send("\"x\"", "null"), Unbound),
            }.Select(input => ("SendMessage", input.Item1, input.Item2)),
        ];

        var invocation = 0;
        await using var hub = await RawHubSocket.ConnectAsync(app.ApiAddress, user.AccessToken);
        foreach (var (target, arguments, expected) in inputs)
        {
            var invocationId = $"{++invocation}";
            var label = $"{target}({arguments[..Math.Min(90, arguments.Length)]})";
            await hub.SendAsync(Encoding.UTF8.GetBytes(
                $"{{\"type\":1,\"invocationId\":\"{invocationId}\",\"target\":\"{target}\",\"arguments\":{arguments}}}{RawHubSocket.RecordSeparator}"));
            var error = await hub.CompletionErrorAsync(invocationId);
            Assert.True(error is not null, $"{label} closed the connection instead of answering: {hub.CloseError}");
            AssertClear(error, label);
            Assert.True(ChangeAnswer(error, target) == expected, $"{label} was answered '{error}', not {expected}");
        }

        // Nothing refused was written: the four rows of the setting-up are all there is.
        Assert.Equal(change, (await app.StoredRowsAsync(conversation)).Count);
        return inputs.Count;
    }

    /// <summary>A refusal's <c>code: message</c>; else SignalR's answer for a call it could not bind.</summary>
    private static string ChangeAnswer(string error, string target)
    {
        var refusal = error.IndexOf("{\"code\":", StringComparison.Ordinal);
        if (refusal >= 0)
        {
            using var json = JsonDocument.Parse(error[refusal..]);
            return $"{json.RootElement.GetProperty("code").GetString()}: {json.RootElement.GetProperty("message").GetString()}";
        }

        return error == $"Failed to invoke '{target}' due to an error on the server." ? Unbound : error;
    }
}
