using ChatBot.Data;
using ChatBot.Tests.Infrastructure;
using ChatBot.Tests.Refusals;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Tests.Messages;

/// <summary>Run on each database: <see cref="OnSqlite"/> and <see cref="OnPostgreSql"/>.</summary>
public abstract class SendMessageTests(ChatApp app)
{
    public sealed class OnSqlite(ChatApp app) : SendMessageTests(app);

    public sealed class OnPostgreSql(PostgreSqlChatApp app) : SendMessageTests(app);

    [Fact]
    public async Task ASentMessageIsStoredAndAcknowledgedWithItsSequenceNumber()
    {
        var (alice, bob, conversation) = await PairAsync();
        await using var device = await alice.ConnectAsync();
        var clientMessageId = Guid.NewGuid();

        var acknowledged = await device.SendAsync(conversation, "  hello there \n", clientMessageId);

        Assert.Equal(1, acknowledged.Seq);
        Assert.Equal("hello there", acknowledged.Body);
        Assert.Equal(alice.Id, acknowledged.SenderId);
        Assert.Equal(clientMessageId, acknowledged.ClientMessageId);
        await using var db = app.CreateDbContext();
        var stored = await db.Messages.SingleAsync(m => m.ConversationId == conversation, TestContext.Current.CancellationToken);
        Assert.Equal(("hello there", 1L, alice.Id), (stored.Body, stored.Seq, stored.SenderId));
        Assert.NotNull(bob);
    }

    [Fact]
    public async Task AMessageReachesEveryOpenDeviceOfBothPeopleOnce()
    {
        var (alice, bob, conversation) = await PairAsync();
        await using var alicePhone = await alice.ConnectAsync();
        await using var aliceLaptop = await alice.ConnectAsync();
        await using var bobPhone = await bob.ConnectAsync();
        await using var bobLaptop = await bob.ConnectAsync();

        var sent = await alicePhone.SendAsync(conversation, "everywhere");
        var reply = await bobPhone.SendAsync(conversation, "and back");

        // Every other device gets each message once; the sending device has it as its acknowledgement.
        Assert.Equal([reply], await alicePhone.Messages.WaitForCountAsync(1));
        Assert.Equal([sent, reply], await aliceLaptop.Messages.WaitForCountAsync(2));
        Assert.Equal([sent], await bobPhone.Messages.WaitForCountAsync(1));
        Assert.Equal([sent, reply], await bobLaptop.Messages.WaitForCountAsync(2));

        // A last message arriving proves no duplicate of the earlier ones was still on its way.
        var last = await aliceLaptop.SendAsync(conversation, "last");
        Assert.Equal([reply, last], await alicePhone.Messages.WaitForCountAsync(2));
        Assert.Equal([sent, last], await bobPhone.Messages.WaitForCountAsync(2));
        Assert.Equal([sent, reply, last], await bobLaptop.Messages.WaitForCountAsync(3));
        Assert.Equal([sent, reply], aliceLaptop.Messages.Items);
    }

    [Fact]
    public async Task SequenceNumbersStayGaplessAndUniqueUnderConcurrentSenders()
    {
        var (alice, bob, conversation) = await PairAsync();
        var devices = new[] { await alice.ConnectAsync(), await alice.ConnectAsync(), await bob.ConnectAsync(), await bob.ConnectAsync() };

        var acknowledged = await Task.WhenAll(devices.SelectMany(device =>
            Enumerable.Range(0, 25).Select(i => device.SendAsync(conversation, $"message {i}"))));

        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), acknowledged.Select(m => m.Seq).Order());
        await using var db = app.CreateDbContext();
        var seqs = await db.Messages.Where(m => m.ConversationId == conversation).Select(m => m.Seq).OrderBy(s => s).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), seqs);
        Assert.Equal(100, (await db.Conversations.SingleAsync(c => c.Id == conversation, TestContext.Current.CancellationToken)).LastSeq);
        foreach (var device in devices)
        {
            await device.DisposeAsync();
        }
    }

    [Fact]
    public async Task AResendWithTheSameClientMessageIdStoresOneMessage()
    {
        var (alice, _, conversation) = await PairAsync();
        await using var device = await alice.ConnectAsync();
        var clientMessageId = Guid.NewGuid();

        var first = await device.SendAsync(conversation, "only once", clientMessageId);
        var resent = await device.SendAsync(conversation, "only once", clientMessageId);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => device.SendAsync(conversation, "only once", clientMessageId)));

        Assert.All(concurrent.Append(resent), m => Assert.Equal(first, m));
        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.Messages.CountAsync(m => m.ConversationId == conversation, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ConcurrentResendsFromTwoDevicesStoreOneMessage()
    {
        var (alice, _, conversation) = await PairAsync();
        await using var phone = await alice.ConnectAsync();
        await using var laptop = await alice.ConnectAsync();
        var clientMessageId = Guid.NewGuid();

        var sent = await Task.WhenAll(
            phone.SendAsync(conversation, "raced", clientMessageId),
            laptop.SendAsync(conversation, "raced", clientMessageId));

        Assert.Equal(sent[0], sent[1]);
        await using var db = app.CreateDbContext();
        Assert.Equal(1, await db.Messages.CountAsync(m => m.ConversationId == conversation, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("", "A message cannot be empty.")]
    [InlineData(" \n\t ", "A message cannot be empty.")]
    [InlineData(null, "A message cannot be empty.")]
    public async Task AnEmptyMessageIsRefusedAndNothingIsStored(string? body, string error)
    {
        var (alice, _, conversation) = await PairAsync();
        await using var device = await alice.ConnectAsync();

        var refused = await Assert.ThrowsAsync<HubException>(() => device.SendAsync(conversation, body!));

        var refusal = HubRefusal.Of(refused);
        Assert.Equal(("invalid_message", error, Message.MaxBodyLength), (refusal.Code, refusal.Message, refusal.Number("maxLength")));
        await AssertNoMessagesAsync(conversation);
    }

    [Fact]
    public async Task ATooLongMessageIsRefusedAndNothingIsStored()
    {
        var (alice, _, conversation) = await PairAsync();
        await using var device = await alice.ConnectAsync();

        var refused = await Assert.ThrowsAsync<HubException>(() => device.SendAsync(conversation, new string('x', Message.MaxBodyLength + 1)));

        var refusal = HubRefusal.Of(refused);
        Assert.Equal(("invalid_message", 4000), (refusal.Code, refusal.Number("maxLength")));
        Assert.Equal("A message has at most 4000 characters; this one has 4001.", refusal.Message);
        await AssertNoMessagesAsync(conversation);
    }

    [Fact]
    public async Task AMessageOfExactlyTheLimitIsStoredAfterTrimming()
    {
        var (alice, _, conversation) = await PairAsync();
        await using var device = await alice.ConnectAsync();
        var text = new string('y', Message.MaxBodyLength);

        var stored = await device.SendAsync(conversation, $"   {text}   ");

        Assert.Equal(text, stored.Body);
    }

    [Fact]
    public async Task AClientMessageIdIsRequired()
    {
        var (alice, _, conversation) = await PairAsync();
        await using var device = await alice.ConnectAsync();

        var refused = await Assert.ThrowsAsync<HubException>(() => device.SendAsync(conversation, "hi", Guid.Empty));

        Assert.Equal(("invalid_argument", "A message needs a client message id."), (HubRefusal.Of(refused).Code, HubRefusal.Of(refused).Message));
        await AssertNoMessagesAsync(conversation);
    }

    [Fact]
    public async Task AClientMessageIdCannotBeReusedForAnotherConversation()
    {
        var (alice, _, conversation) = await PairAsync();
        var carol = await app.CreateUserAsync("carol");
        var other = (await alice.OpenConversationWithAsync(carol)).Id;
        await using var device = await alice.ConnectAsync();
        var clientMessageId = Guid.NewGuid();
        await device.SendAsync(conversation, "first", clientMessageId);

        var refused = await Assert.ThrowsAsync<HubException>(() => device.SendAsync(other, "first", clientMessageId));

        Assert.Equal(
            ("message_id_taken", "This message id was already used for another message."),
            (HubRefusal.Of(refused).Code, HubRefusal.Of(refused).Message));
        await AssertNoMessagesAsync(other);
        Assert.DoesNotContain(device.Messages.Items, m => m.ConversationId == other);
    }

    [Fact]
    public async Task TypingReachesTheOtherPersonWhoHasTheConversationOpen()
    {
        var (alice, bob, conversation) = await PairAsync();
        await using var aliceDevice = await alice.ConnectAsync();
        await using var bobDevice = await bob.ConnectAsync();
        await bobDevice.Hub.InvokeAsync("JoinConversation", conversation, TestContext.Current.CancellationToken);

        await aliceDevice.Hub.InvokeAsync("Typing", conversation, TestContext.Current.CancellationToken);

        var notice = await bobDevice.Typing.WaitForAsync(t => t.ConversationId == conversation);
        Assert.Equal(alice.Id, notice.UserId);
    }

    [Fact]
    public async Task TheReadMarkerOnlyMovesForwardAndNeverPastTheLastMessage()
    {
        var (alice, bob, conversation) = await PairAsync();
        await using var aliceDevice = await alice.ConnectAsync();
        await using var bobDevice = await bob.ConnectAsync();
        for (var i = 0; i < 5; i++)
        {
            await aliceDevice.SendAsync(conversation, $"m{i}");
        }

        await bobDevice.Hub.InvokeAsync("MarkRead", conversation, 4L, TestContext.Current.CancellationToken);
        await bobDevice.Hub.InvokeAsync("MarkRead", conversation, 2L, TestContext.Current.CancellationToken);
        await bobDevice.Hub.InvokeAsync("MarkRead", conversation, 99L, TestContext.Current.CancellationToken);

        var receipt = await aliceDevice.Reads.WaitForAsync(r => r.UserId == bob.Id);
        Assert.Equal(4, receipt.UpToSeq);
        var bobsView = Assert.Single(await bob.ListConversationsAsync());
        Assert.Equal((4L, 1L), (bobsView.LastReadSeq, bobsView.UnreadCount));
        // The receipts the later calls would have sent arrive before this message, if they exist at all.
        await bobDevice.SendAsync(conversation, "sync");
        await aliceDevice.Messages.WaitForAsync(m => m.Body == "sync");
        Assert.Equal([4L], aliceDevice.Reads.Items.Where(r => r.UserId == bob.Id).Select(r => r.UpToSeq));
    }

    private async Task<(TestUser Alice, TestUser Bob, Guid Conversation)> PairAsync()
    {
        var alice = await app.CreateUserAsync("alice");
        var bob = await app.CreateUserAsync("bob");
        return (alice, bob, (await alice.OpenConversationWithAsync(bob)).Id);
    }

    private async Task AssertNoMessagesAsync(Guid conversation)
    {
        await using var db = app.CreateDbContext();
        Assert.Equal(0, await db.Messages.CountAsync(m => m.ConversationId == conversation));
        Assert.Equal(0, (await db.Conversations.SingleAsync(c => c.Id == conversation)).LastSeq);
    }
}
