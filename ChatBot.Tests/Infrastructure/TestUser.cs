using System.Net.Http.Headers;
using System.Net.Http.Json;
using ChatBot.ApiService.Conversations;
using ChatBot.ApiService.Messages;

namespace ChatBot.Tests.Infrastructure;

/// <summary>A registered, signed-in person, talking to the API directly with their bearer token.</summary>
public sealed class TestUser(Uri api, string id, string userName, string displayName, string password, string accessToken)
{
    public string Id { get; } = id;

    public string UserName { get; } = userName;

    public string DisplayName { get; } = displayName;

    public string Password { get; } = password;

    public string AccessToken { get; } = accessToken;

    public HttpClient CreateClient(Uri? server = null)
    {
        var client = new HttpClient { BaseAddress = server ?? api };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
        return client;
    }

    public Task<ChatConnection> ConnectAsync(Uri? server = null) => ChatConnection.ConnectAsync(server ?? api, AccessToken);

    public async Task<ConversationSummary> OpenConversationWithAsync(TestUser other)
    {
        using var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/api/conversations/direct", new { userId = other.Id });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<ConversationSummary>(Json.Options))!;
    }

    public async Task<List<ConversationSummary>> ListConversationsAsync()
    {
        using var client = CreateClient();
        return (await client.GetFromJsonAsync<List<ConversationSummary>>("/api/conversations", Json.Options))!;
    }

    public async Task<List<MessageDto>> GetMessagesAsync(Guid conversationId, string query = "")
    {
        using var client = CreateClient();
        return (await client.GetFromJsonAsync<List<MessageDto>>($"/api/conversations/{conversationId}/messages{query}", Json.Options))!;
    }
}
