namespace ChatBot.Data;

/// <summary>
/// One change to a conversation, made under its lock (<see cref="ConversationChanges"/>): events appended to its
/// seq stream (numbered by the counter that numbers messages) and the members they add or remove. Saved
/// together, or not at all.
/// </summary>
public sealed class ConversationChange
{
    private readonly ChatDbContext _db;
    private readonly DateTimeOffset _now;
    private readonly List<Message> _events = [];

    internal ConversationChange(ChatDbContext db, Conversation conversation, DateTimeOffset now)
    {
        _db = db;
        _now = now;
        Conversation = conversation;
    }

    /// <summary>The conversation, locked, with its members.</summary>
    public Conversation Conversation { get; }

    public IReadOnlyList<ConversationMember> Members => Conversation.Members;

    /// <summary>The events appended so far, in seq order.</summary>
    public IReadOnlyList<Message> Events => _events;

    public ConversationMember? Member(string userId) => Conversation.Members.Find(m => m.UserId == userId);

    /// <summary>
    /// The conversation's next event. Its actor has read up to it, as a sender has read their own message;
    /// an event that changes who is in the conversation moves <see cref="Conversation.MembershipSeq"/> to it.
    /// </summary>
    public Message Append(MessageKind kind, string actorId, string? subjectId = null, string body = "")
    {
        var seq = ++Conversation.LastSeq;
        if (Message.ChangesMembership(kind))
        {
            Conversation.MembershipSeq = seq;
        }

        var message = new Message
        {
            ConversationId = Conversation.Id,
            Seq = seq,
            Kind = kind,
            SenderId = actorId,
            SubjectId = subjectId,
            ClientMessageId = Guid.CreateVersion7(_now),
            Body = body,
            SentAt = _now,
        };
        _db.Messages.Add(message);
        _events.Add(message);
        if (Member(actorId) is { } actor)
        {
            actor.LastReadSeq = seq;
        }

        return message;
    }

    /// <summary>
    /// A new member, who sees the conversation from <paramref name="joinedAt"/> on, and has that event still to
    /// read (unless they are its actor).
    /// </summary>
    public ConversationMember AddMember(string userId, MemberRole role, Message joinedAt)
    {
        var read = userId == joinedAt.SenderId ? joinedAt.Seq : joinedAt.Seq - 1;
        var member = new ConversationMember
        {
            ConversationId = Conversation.Id,
            UserId = userId,
            Role = role,
            JoinedSeq = joinedAt.Seq,
            JoinedAt = _now,
            LastReadSeq = read,
        };
        Conversation.Members.Add(member);
        _db.ConversationMembers.Add(member);
        return member;
    }

    public void RemoveMember(ConversationMember member)
    {
        Conversation.Members.Remove(member);
        _db.ConversationMembers.Remove(member);
    }
}
