using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ChatBot.ApiService.Conversations;
using ChatBot.ApiService.Groups;
using ChatBot.ApiService.Messages;
using ChatBot.Tests.Infrastructure;

namespace ChatBot.Tests.Groups;

/// <summary>A person's calls to the groups API, as any client makes them.</summary>
internal static class GroupCalls
{
    public static async Task<ConversationSummary> CreateGroupAsync(this TestUser user, string name, params TestUser[] others)
    {
        using var response = await user.CallAsync(HttpMethod.Post, "/api/conversations/groups", new { name, memberIds = others.Select(o => o.Id) });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ConversationSummary>(Json.Options))!;
    }

    public static Task<List<MessageDto>> RenameGroupAsync(this TestUser user, Guid group, string name) =>
        user.ChangeAsync(HttpMethod.Put, $"/api/conversations/{group}/name", new { name });

    public static Task<List<MessageDto>> AddMembersAsync(this TestUser user, Guid group, params TestUser[] people) =>
        user.ChangeAsync(HttpMethod.Post, $"/api/conversations/{group}/members", new { userIds = people.Select(p => p.Id) });

    public static Task<List<MessageDto>> RemoveMemberAsync(this TestUser user, Guid group, TestUser member) =>
        user.ChangeAsync(HttpMethod.Delete, $"/api/conversations/{group}/members/{member.Id}");

    public static Task<List<MessageDto>> MakeAdminAsync(this TestUser user, Guid group, TestUser member) =>
        user.ChangeAsync(HttpMethod.Post, $"/api/conversations/{group}/admins", new { userId = member.Id });

    public static Task<List<MessageDto>> LeaveGroupAsync(this TestUser user, Guid group) =>
        user.ChangeAsync(HttpMethod.Post, $"/api/conversations/{group}/leave");

    public static async Task<List<MemberSummary>> MembersAsync(this TestUser user, Guid group)
    {
        using var client = user.CreateClient();
        return (await client.GetFromJsonAsync<List<MemberSummary>>($"/api/conversations/{group}/members", Json.Options))!;
    }

    public static async Task<ConversationSummary> SummaryAsync(this TestUser user, Guid conversation)
    {
        using var client = user.CreateClient();
        return (await client.GetFromJsonAsync<ConversationSummary>($"/api/conversations/{conversation}", Json.Options))!;
    }

    /// <summary>A call that is to be refused: its status, and the refusal's code and text.</summary>
    public static async Task<(HttpStatusCode Status, string Code, string Detail, JsonElement Problem)> RefusedAsync(
        this TestUser user, HttpMethod method, string path, object? body = null)
    {
        using var response = await user.CallAsync(method, path, body);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True((int)response.StatusCode >= 400, $"{method} {path} was not refused: {problem}");
        var detail = problem.TryGetProperty("detail", out var d) ? d.GetString() : problem.GetProperty("title").GetString();
        return (response.StatusCode, problem.GetProperty("code").GetString()!, detail!, problem);
    }

    public static async Task<HttpResponseMessage> CallAsync(this TestUser user, HttpMethod method, string path, object? body = null)
    {
        using var client = user.CreateClient();
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        return await client.SendAsync(request);
    }

    private static async Task<List<MessageDto>> ChangeAsync(this TestUser user, HttpMethod method, string path, object? body = null)
    {
        using var response = await user.CallAsync(method, path, body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<List<MessageDto>>(Json.Options))!;
    }
}
