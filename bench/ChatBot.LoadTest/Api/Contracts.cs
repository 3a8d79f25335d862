namespace ChatBot.LoadTest.Api;

// The shapes the chat's API speaks; the load generator is a client like any other and shares no code with it.

/// <param name="TargetSeq">Of a change row (an edit, a deletion, a reaction): the message it changes.</param>
public sealed record Message(Guid ConversationId, long Seq, string SenderId, Guid ClientMessageId, string Body, DateTimeOffset SentAt, long? TargetSeq = null);

public sealed record SendMessageRequest(Guid ConversationId, Guid ClientMessageId, string Body)
{
    /// <summary>Files uploaded before, sent with the message; null for none.</summary>
    public Guid[]? FileIds { get; init; }
}

public sealed record EditMessageRequest(Guid ConversationId, Guid ClientMessageId, long Seq, string Body);

public sealed record DeleteMessageRequest(Guid ConversationId, Guid ClientMessageId, long Seq);

public sealed record ToggleReactionRequest(Guid ConversationId, Guid ClientMessageId, long Seq, string Emoji);

/// <param name="WebSession">The browser's cookies, once signed in at a web front end; null for a client with the bearer token.</param>
public sealed record User(string Id, string UserName, string AccessToken, System.Net.CookieContainer? WebSession = null);
