using System.Net.Http.Json;
using ChatBot.ApiService.Conversations;
using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Messages;
using ChatBot.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace ChatBot.Tests.ScaleOut;

/// <summary>Groups over two replicas: the members each replica knows are checked where it counts, so a change made on one holds on the other at once.</summary>
public sealed partial class ScaleOutTests
{
    [Fact]
    public async Task AGroupMemberRemovedOnOneReplicaStopsReceivingOnEveryReplicaAtOnce()
    {
        var (ann, ben, cat) = (await app.CreateUserAsync("ann"), await app.CreateUserAsync("ben"), await app.CreateUserAsync("cat"));
        var group = await CreateGroupAsync(ann, "Across", ben, cat);
        await using var annOnA = await ann.ConnectAsync(app.ReplicaA.Address);
        await using var benOnB = await ben.ConnectAsync(app.ReplicaB.Address);
        await using var catOnB = await cat.ConnectAsync(app.ReplicaB.Address);
        await benOnB.Hub.InvokeAsync(nameof(ChatHub.JoinConversation), group, TestContext.Current.CancellationToken);
        // Each replica has read the members, Ben among them, by sending.
        var fromAnn = await annOnA.SendAsync(group, "from A");
        var fromCat = await catOnB.SendAsync(group, "from B");
        var fromBen = await benOnB.SendAsync(group, "Ben on B");

        using var client = ann.CreateClient(app.ReplicaA.Address);
        using var removal = await client.DeleteAsync($"/api/conversations/{group}/members/{ben.Id}", TestContext.Current.CancellationToken);
        removal.EnsureSuccessStatusCode();
        var removed = Assert.Single((await removal.Content.ReadFromJsonAsync<List<MessageDto>>(Json.Options, TestContext.Current.CancellationToken))!);
        var afterOnB = await catOnB.SendAsync(group, "not for Ben, from B");
        var afterOnA = await annOnA.SendAsync(group, "not for Ben, from A");
        await catOnB.Hub.InvokeAsync(nameof(ChatHub.Typing), group, TestContext.Current.CancellationToken);
        await annOnA.Hub.InvokeAsync(nameof(ChatHub.Typing), group, TestContext.Current.CancellationToken);
        var sentinelFromB = await catOnB.SendAsync((await cat.OpenConversationWithAsync(ben)).Id, "after all of it, from B");
        var sentinelFromA = await annOnA.SendAsync((await ann.OpenConversationWithAsync(ben)).Id, "after all of it, from A");

        // What either replica sent Ben after the removal would have come before its sentinel.
        await benOnB.Messages.WaitUntilAsync(items => items.Contains(sentinelFromA) && items.Contains(sentinelFromB) && items.Contains(removed));
        Assert.Equal([fromAnn.Seq, fromCat.Seq, removed.Seq], benOnB.Messages.Items.Where(m => m.ConversationId == group).Select(m => m.Seq));
        Assert.Empty(benOnB.Typing.Items);
        Assert.Equal((fromBen.Seq + 1, removed.Seq + 2), (removed.Seq, afterOnA.Seq));
        Assert.Equal(afterOnB, await annOnA.Messages.WaitForAsync(m => m.Seq == afterOnB.Seq && m.ConversationId == group));
    }

    private static async Task<Guid> CreateGroupAsync(TestUser creator, string name, params TestUser[] others)
    {
        using var client = creator.CreateClient();
        using var response = await client.PostAsJsonAsync("/api/conversations/groups", new { name, memberIds = others.Select(o => o.Id) });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ConversationSummary>(Json.Options))!.Id;
    }
}
