using ChatBot.Data;
using Microsoft.EntityFrameworkCore;

namespace ChatBot.Tests.Faults;

/// <summary>
/// The delivery contract, counted: what was sent, acknowledged, stored and shown to recipients. Messages only:
/// a group's events (its creation) are stored and shown too, but nobody sent them.
/// </summary>
public sealed record DeliveryFigures(
    int Sent, int SentOnReconnect, int RefusedForNow, int Acknowledged, int Stored, int Delivered, int Lost, int Duplicated)
{
    /// <param name="conversations">Each conversation with the devices that must show all of it.</param>
    public static async Task<DeliveryFigures> CountAsync(
        ChatDbContext db, IReadOnlyCollection<ContractClient> senders, IReadOnlyDictionary<Guid, ContractClient[]> conversations)
    {
        var ids = conversations.Keys.ToList();
        var stored = await db.Messages.Where(m => ids.Contains(m.ConversationId) && m.Kind == MessageKind.Text)
            .Select(m => new { m.ConversationId, m.Seq, m.ClientMessageId })
            .ToListAsync();
        var acknowledged = senders.SelectMany(s => s.Acknowledged).ToList();
        var storedIds = stored.Select(m => m.ClientMessageId).ToHashSet();

        var delivered = 0;
        var notDelivered = 0;
        var shownTwice = 0;
        foreach (var (conversation, devices) in conversations)
        {
            var expected = acknowledged.Where(m => m.ConversationId == conversation).Select(m => m.ClientMessageId).ToHashSet();
            foreach (var device in devices)
            {
                var shown = device.Shown(conversation).Where(m => m.Kind == MessageKind.Text).ToList();
                delivered += shown.Count(m => expected.Contains(m.ClientMessageId));
                notDelivered += expected.Count(id => shown.All(m => m.ClientMessageId != id));
                shownTwice += shown.Count - shown.Select(m => m.ClientMessageId).Distinct().Count();
            }
        }

        return new DeliveryFigures(
            Sent: senders.Sum(s => s.Sent),
            SentOnReconnect: senders.Sum(s => s.SentOnReconnect),
            RefusedForNow: senders.Sum(s => s.RefusedForNow),
            Acknowledged: acknowledged.Count,
            Stored: stored.Count,
            Delivered: delivered,
            Lost: acknowledged.Count(m => !storedIds.Contains(m.ClientMessageId)) + notDelivered,
            Duplicated: stored.Count - storedIds.Count + shownTwice);
    }

    public override string ToString() =>
        $"messages sent {Sent} ({SentOnReconnect} sends made from the outbox on a reconnect, {RefusedForNow} refused for now and sent again), " +
        $"acknowledged {Acknowledged}, stored {Stored}, " +
        $"delivered {Delivered}, lost {Lost}, duplicated {Duplicated}";
}
