using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Messages;
using ChatBot.Data;
using ChatBot.Tests.Infrastructure;
using ChatBot.Tests.Refusals;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Tests.Messages;

/// <summary>A device's calls that reply, mention, edit, delete and react, as any client makes them; and what the database holds after.</summary>
internal static class MessageChanges
{
    public static Task<MessageDto> ReplyAsync(
        this ChatConnection device, Guid conversation, string body, long? replyToSeq, string[]? mentions = null, Guid? clientMessageId = null) =>
        device.Hub.InvokeAsync<MessageDto>(
            nameof(ChatHub.SendMessage), new SendMessageRequest(conversation, clientMessageId ?? Guid.CreateVersion7(), body, replyToSeq, mentions));

    public static Task<MessageDto> EditAsync(this ChatConnection device, Guid conversation, long seq, string body, Guid? clientMessageId = null) =>
        device.Hub.InvokeAsync<MessageDto>(nameof(ChatHub.EditMessage), new EditMessageRequest(conversation, clientMessageId ?? Guid.CreateVersion7(), seq, body));

    public static Task<MessageDto> DeleteAsync(this ChatConnection device, Guid conversation, long seq, Guid? clientMessageId = null) =>
        device.Hub.InvokeAsync<MessageDto>(nameof(ChatHub.DeleteMessage), new DeleteMessageRequest(conversation, clientMessageId ?? Guid.CreateVersion7(), seq));

    public static Task<MessageDto> ReactAsync(this ChatConnection device, Guid conversation, long seq, string emoji, Guid? clientMessageId = null) =>
        device.Hub.InvokeAsync<MessageDto>(nameof(ChatHub.ToggleReaction), new ToggleReactionRequest(conversation, clientMessageId ?? Guid.CreateVersion7(), seq, emoji));

    /// <summary>The refusal a call gets: its code (and the whole refusal, for its data).</summary>
    public static async Task<HubRefusal> RefusedAsync(Func<Task> call) => HubRefusal.Of(await Assert.ThrowsAsync<HubException>(call));

    /// <summary>Every row of the conversation as stored, in seq order.</summary>
    public static async Task<List<Message>> StoredRowsAsync(this ChatApp app, Guid conversation)
    {
        await using var db = app.CreateDbContext();
        return await db.Messages.Where(m => m.ConversationId == conversation).OrderBy(m => m.Seq).AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>The reactions stored for a message, as (user, emoji) pairs.</summary>
    public static async Task<List<(string User, string Emoji)>> StoredReactionsAsync(this ChatApp app, Guid conversation, long seq)
    {
        await using var db = app.CreateDbContext();
        var reactions = await db.Reactions.Where(r => r.ConversationId == conversation && r.MessageSeq == seq).OrderBy(r => r.AddedSeq)
            .AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
        return reactions.ConvertAll(r => (r.UserId, r.Emoji));
    }
}
