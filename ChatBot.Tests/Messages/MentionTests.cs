using ChatBot.Tests.Groups;
using Microsoft.AspNetCore.SignalR.Client;
using ChatBot.Tests.Infrastructure;

namespace ChatBot.Tests.Messages;

/// <summary>Mentions: of members only, counted unread for whom they mention. Run on each database.</summary>
public abstract class MentionTests(ChatApp app)
{
    public sealed class OnSqlite(ChatApp app) : MentionTests(app);

    public sealed class OnPostgreSql(PostgreSqlChatApp app) : MentionTests(app);

    [Fact]
    public async Task OnlyMembersAreMentionedAndTheTextKeepsTheNamesAsWritten()
    {
        var ann = await app.CreateUserAsync("ann");
        var (ben, cat, stranger) = (await app.CreateUserAsync("ben"), await app.CreateUserAsync("cat"), await app.CreateUserAsync("stranger"));
        var group = (await ann.CreateGroupAsync("Mentions", ben, cat)).Id;
        await using var device = await ann.ConnectAsync();
        await using var benDevice = await ben.ConnectAsync();

        var sent = await device.ReplyAsync(group, "@Ben @Stranger look", replyToSeq: null, mentions: [ben.Id, stranger.Id, ben.Id, "no-such-person"]);

        Assert.Equal([ben.Id], sent.Mentions);
        Assert.Equal("@Ben @Stranger look", sent.Body);
        Assert.Equal([ben.Id], (await benDevice.Messages.WaitForAsync(m => m.Seq == sent.Seq)).Mentions);
        Assert.Equal([ben.Id], (await cat.GetMessagesAsync(group))[^1].Mentions);
        Assert.Equal(ben.Id, (await app.StoredRowsAsync(group))[^1].Mentions);
    }

    [Fact]
    public async Task UnreadMentionsCountTheUnreadMessagesThatMentionTheReader()
    {
        var ann = await app.CreateUserAsync("ann");
        var (ben, cat) = (await app.CreateUserAsync("ben"), await app.CreateUserAsync("cat"));
        var group = (await ann.CreateGroupAsync("Mentions", ben, cat)).Id;
        await using var device = await ann.ConnectAsync();
        await device.ReplyAsync(group, "@Ben one", null, [ben.Id]);
        var second = await device.ReplyAsync(group, "@Ben @Cat two", null, [ben.Id, cat.Id]);
        await device.SendAsync(group, "nobody");
        var third = await device.ReplyAsync(group, "@Ben three", null, [ben.Id]);

        Assert.Equal((3, 1), ((await ben.SummaryAsync(group)).UnreadMentions, (await cat.SummaryAsync(group)).UnreadMentions));
        Assert.Equal(0, (await ann.SummaryAsync(group)).UnreadMentions);

        await device.DeleteAsync(group, third.Seq);
        await using var benDevice = await ben.ConnectAsync();
        await benDevice.Hub.InvokeAsync(nameof(ChatBot.ApiService.Hubs.ChatHub.MarkRead), group, second.Seq, TestContext.Current.CancellationToken);

        // One unread mention was deleted (its mentions with it), two were read.
        Assert.Equal(0, (await ben.SummaryAsync(group)).UnreadMentions);
        Assert.Equal(0, (await app.StoredRowsAsync(group)).Count(r => r.Seq == third.Seq && r.Mentions != null));
    }
}
