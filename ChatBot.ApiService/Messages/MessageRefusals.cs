using ChatBot.ApiService.Files;
using ChatBot.ApiService.Refusals;
using ChatBot.Data;
using ChatBot.Data.MessageStores;

namespace ChatBot.ApiService.Messages;

/// <summary>The refusals of the writer's rules (<see cref="MessageStore"/>), each with its code and data.</summary>
public static class MessageRefusals
{
    /// <summary>A message that does not exist, is no message, or is before the caller joined: the three look the same.</summary>
    public static Refusal MessageNotFound { get; } = Refusal.NotFound("Message not found.");

    public static Refusal IdTaken { get; } = new(RefusalCodes.MessageIdTaken, "This message id was already used for another message.");

    public static Refusal NotAuthor { get; } =
        new(RefusalCodes.NotMessageAuthor, "Only its author can edit a message or delete it; in a group, an admin can delete it too.");

    public static Refusal Deleted { get; } = new(RefusalCodes.MessageDeleted, "That message was deleted.");

    public static Refusal TooManyReactions { get; } = new(
        RefusalCodes.TooManyReactions,
        $"A message has at most {Reaction.MaxDistinctPerMessage} different reactions; add one of those.",
        new Dictionary<string, object> { ["maxReactions"] = Reaction.MaxDistinctPerMessage });

    /// <returns>Why the row was not stored; null when it was (or when its members changed, which the sender checks again).</returns>
    public static Refusal? Of(StoreOutcome outcome) => outcome switch
    {
        StoreOutcome.IdTaken => IdTaken,
        StoreOutcome.TargetNotFound => MessageNotFound,
        StoreOutcome.NotAuthor => NotAuthor,
        StoreOutcome.TargetDeleted => Deleted,
        StoreOutcome.TooManyReactions => TooManyReactions,
        StoreOutcome.FileNotSendable => FileRefusals.NotSendable,
        _ => null,
    };
}
