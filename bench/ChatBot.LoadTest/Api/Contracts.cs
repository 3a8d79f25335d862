namespace ChatBot.LoadTest.Api;

// The shapes the chat's API speaks; the load generator is a client like any other and shares no code with it.

public sealed record Message(Guid ConversationId, long Seq, string SenderId, Guid ClientMessageId, string Body, DateTimeOffset SentAt);

public sealed record SendMessageRequest(Guid ConversationId, Guid ClientMessageId, string Body);

/// <param name="WebSession">The browser's cookies, once signed in at a web front end; null for a client with the bearer token.</param>
public sealed record User(string Id, string UserName, string AccessToken, System.Net.CookieContainer? WebSession = null);
