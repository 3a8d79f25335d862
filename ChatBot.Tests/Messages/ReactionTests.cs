using ChatBot.ApiService.Messages;
using ChatBot.Data;
using ChatBot.Tests.Groups;
using ChatBot.Tests.Infrastructure;

namespace ChatBot.Tests.Messages;

/// <summary>Reactions: one emoji, toggled per person, a bounded number of distinct emoji per message. Run on each database.</summary>
public abstract class ReactionTests(ChatApp app)
{
    public sealed class OnSqlite(ChatApp app) : ReactionTests(app);

    public sealed class OnPostgreSql(PostgreSqlChatApp app) : ReactionTests(app);

    [Fact]
    public async Task AReactionIsToggledPerPersonAndShownInTheOrderOfTheEarliestStillThere()
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(1);
        await using var aliceDevice = await alice.ConnectAsync();
        await using var bobDevice = await bob.ConnectAsync();

        var bobsHeart = await bobDevice.ReactAsync(conversation, 1, "❤️");
        var alicesLaugh = await aliceDevice.ReactAsync(conversation, 1, "😂");
        await aliceDevice.ReactAsync(conversation, 1, "❤️");
        var bobTakesBack = await bobDevice.ReactAsync(conversation, 1, "❤️");
        await bobDevice.ReactAsync(conversation, 1, "❤️");

        Assert.Equal((MessageKind.ReactionAdded, "❤️", 1L), (bobsHeart.Kind, bobsHeart.Body, bobsHeart.TargetSeq));
        Assert.Equal(MessageKind.ReactionAdded, alicesLaugh.Kind);
        Assert.Equal(MessageKind.ReactionRemoved, bobTakesBack.Kind);
        var message = (await alice.GetMessagesAsync(conversation))[0];
        // Bob's first heart was taken back: the heart that is left dates from after the laugh.
        Assert.Equal(
            [("😂", new[] { alice.Id }), ("❤️", new[] { alice.Id, bob.Id })],
            message.Reactions!.Select(r => (r.Emoji, r.UserIds.ToArray())));
        Assert.Equal(6L, message.ChangedSeq);
        Assert.Equal([(alice.Id, "😂"), (alice.Id, "❤️"), (bob.Id, "❤️")], await app.StoredReactionsAsync(conversation, 1));
    }

    [Theory]
    [InlineData("👍")]
    [InlineData("👍🏽")]
    [InlineData("🇳🇿")]
    [InlineData("👩‍💻")]
    [InlineData("👨‍👩‍👧‍👦")]
    [InlineData("1️⃣")]
    [InlineData("☕")]
    [InlineData("🏴󠁧󠁢󠁳󠁣󠁴󠁿")]
    public async Task OneEmojiOfAnyKindIsAReaction(string emoji)
    {
        var (alice, _, conversation) = await app.ConversationWithMessagesAsync(1);
        await using var device = await alice.ConnectAsync();

        var reaction = await device.ReactAsync(conversation, 1, emoji);

        Assert.Equal((MessageKind.ReactionAdded, emoji), (reaction.Kind, reaction.Body));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("ok")]
    [InlineData("👍👍")]
    [InlineData("👍 ")]
    [InlineData("1")]
    [InlineData("→")]
    [InlineData("\u0007")]
    [InlineData(null)]
    public async Task AnythingButOneEmojiIsRefused(string? emoji)
    {
        var (alice, _, conversation) = await app.ConversationWithMessagesAsync(1);
        await using var device = await alice.ConnectAsync();

        var refusal = await MessageChanges.RefusedAsync(() => device.ReactAsync(conversation, 1, emoji!));

        Assert.Equal("invalid_reaction", refusal.Code);
        Assert.Single(await app.StoredRowsAsync(conversation));
    }

    [Fact]
    public async Task ANewEmojiBeyondTheMostAMessageHasIsRefusedButOneAlreadyThereIsNot()
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(1);
        await using var aliceDevice = await alice.ConnectAsync();
        await using var bobDevice = await bob.ConnectAsync();
        var emoji = Enumerable.Range(0, Reaction.MaxDistinctPerMessage + 1).Select(i => char.ConvertFromUtf32(0x1F600 + i)).ToList();
        foreach (var face in emoji.Take(Reaction.MaxDistinctPerMessage))
        {
            await aliceDevice.ReactAsync(conversation, 1, face);
        }

        var refusal = await MessageChanges.RefusedAsync(() => bobDevice.ReactAsync(conversation, 1, emoji[^1]));
        var same = await bobDevice.ReactAsync(conversation, 1, emoji[0]);

        Assert.Equal(("too_many_reactions", Reaction.MaxDistinctPerMessage), (refusal.Code, refusal.Number("maxReactions")));
        Assert.Equal(MessageKind.ReactionAdded, same.Kind);
        Assert.Equal(Reaction.MaxDistinctPerMessage, (await alice.GetMessagesAsync(conversation))[0].Reactions!.Count);
    }

    [Fact]
    public async Task AReactionToADeletedMessageOrAnEventIsRefused()
    {
        var ann = await app.CreateUserAsync("ann");
        var (ben, cat) = (await app.CreateUserAsync("ben"), await app.CreateUserAsync("cat"));
        var group = (await ann.CreateGroupAsync("Reactions", ben, cat)).Id;
        await using var device = await ann.ConnectAsync();
        var sent = await device.SendAsync(group, "soon gone");
        var deletion = await device.DeleteAsync(group, sent.Seq);

        var deleted = await MessageChanges.RefusedAsync(() => device.ReactAsync(group, sent.Seq, "👍"));
        var onEvent = await MessageChanges.RefusedAsync(() => device.ReactAsync(group, 1, "👍"));
        var onChange = await MessageChanges.RefusedAsync(() => device.ReactAsync(group, deletion.Seq, "👍"));

        Assert.Equal(["message_deleted", "not_found", "not_found"], new[] { deleted.Code, onEvent.Code, onChange.Code });
        Assert.Equal(deletion.Seq, (await app.StoredRowsAsync(group))[^1].Seq);
    }

    [Fact]
    public async Task AResentToggleIsStoredOnceAndTogglesOnce()
    {
        var (alice, _, conversation) = await app.ConversationWithMessagesAsync(1);
        await using var device = await alice.ConnectAsync();
        var clientMessageId = Guid.CreateVersion7();

        var first = await device.ReactAsync(conversation, 1, "🎉", clientMessageId);
        var resent = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => device.ReactAsync(conversation, 1, "🎉", clientMessageId)));

        Assert.All(resent, reaction => Assert.Equal(first, reaction));
        Assert.Equal([(alice.Id, "🎉")], await app.StoredReactionsAsync(conversation, 1));
        Assert.Equal(2, (await app.StoredRowsAsync(conversation)).Count);
    }

    [Fact]
    public async Task RefusedChangesInABatchFailNothingElse()
    {
        var (alice, bob, conversation) = await app.ConversationWithMessagesAsync(1);
        await using var aliceDevice = await alice.ConnectAsync();
        await using var bobDevice = await bob.ConnectAsync();

        // At once, so that the writer takes them in its batches together: sends, and changes it refuses.
        var sends = Enumerable.Range(0, 20).Select(i => aliceDevice.SendAsync(conversation, $"burst {i}")).ToList();
        var refused = Enumerable.Range(0, 20).Select(_ => MessageChanges.RefusedAsync(() => bobDevice.EditAsync(conversation, 1, "not mine"))).ToList();
        var reactions = Enumerable.Range(0, 20).Select(i => bobDevice.ReactAsync(conversation, 1, char.ConvertFromUtf32(0x1F600 + i))).ToList();
        await Task.WhenAll(sends.Cast<Task>().Concat(refused).Concat(reactions));

        Assert.All(await Task.WhenAll(refused), refusal => Assert.Equal("not_message_author", refusal.Code));
        var rows = await app.StoredRowsAsync(conversation);
        Assert.Equal(Enumerable.Range(1, 41).Select(i => (long)i), rows.Select(r => r.Seq));
        Assert.Equal(20, rows.Count(r => r.Kind == MessageKind.ReactionAdded));
        Assert.Equal(20, (await app.StoredReactionsAsync(conversation, 1)).Count);
    }
}
