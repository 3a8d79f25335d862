using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.SignalR;

namespace ChatBot.ApiService.Refusals;

/// <summary>
/// Why a request is refused: a stable <see cref="Code"/> for clients, a <see cref="Message"/> for people,
/// and data a client can act on (<c>retryAfterSeconds</c>, <c>maxLength</c>, …). On the hub it travels as
/// the <see cref="HubException"/>'s message, compact JSON; on REST as problem details extensions.
/// </summary>
public sealed record Refusal(string Code, string Message, IReadOnlyDictionary<string, object>? Data = null)
{
    public static Refusal InvalidArgument(string message, IReadOnlyDictionary<string, object>? data = null) =>
        new(RefusalCodes.InvalidArgument, message, data);

    public static Refusal NotFound(string message) => new(RefusalCodes.NotFound, message);

    /// <summary>Also the answer to a non-member: whether the conversation exists is not theirs to know.</summary>
    public static Refusal ConversationNotFound { get; } = NotFound("Conversation not found.");

    /// <summary>The data of a refusal that passes with time: the whole seconds to wait.</summary>
    public const string RetryAfterKey = "retryAfterSeconds";

    public static Refusal RateLimited(string message, TimeSpan retryAfter) =>
        new(RefusalCodes.RateLimited, message, new Dictionary<string, object> { [RetryAfterKey] = RetryAfterSeconds(retryAfter) });

    public static Refusal Unavailable(string message, TimeSpan retryAfter) =>
        new(RefusalCodes.Unavailable, message, new Dictionary<string, object> { [RetryAfterKey] = RetryAfterSeconds(retryAfter) });

    /// <summary>Whole seconds, at least one: a client that waits that long is let through.</summary>
    public static int RetryAfterSeconds(TimeSpan wait) => (int)Math.Max(1, Math.Ceiling(wait.TotalSeconds));

    /// <summary><c>{"code":…,"message":…,…data}</c>: what a hub client reads after SignalR's "HubException: ".</summary>
    public string ToJson()
    {
        var json = new JsonObject { ["code"] = Code, ["message"] = Message };
        foreach (var (key, value) in Data ?? new Dictionary<string, object>())
        {
            json[key] = JsonValue.Create(value);
        }

        return json.ToJsonString();
    }

    public HubException ToHubException() => new(ToJson());

    /// <summary>The refusal as a REST answer: problem details with the status its code has (<see cref="RefusalCodes.StatusOf"/>).</summary>
    public ProblemHttpResult ToProblem()
    {
        var extensions = new Dictionary<string, object?> { ["code"] = Code };
        foreach (var (key, value) in Data ?? new Dictionary<string, object>())
        {
            extensions[key] = value;
        }

        return TypedResults.Problem(Message, statusCode: RefusalCodes.StatusOf(Code), extensions: extensions);
    }
}
