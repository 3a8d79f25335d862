using System.Text.Json;
using Microsoft.AspNetCore.SignalR;

namespace ChatBot.Tests.Refusals;

/// <summary>A hub refusal as a client reads it: the JSON after SignalR's "HubException: ".</summary>
public sealed record HubRefusal(string Code, string Message, JsonElement Json)
{
    public static HubRefusal Of(HubException refused)
    {
        var start = refused.Message.IndexOf("{\"code\":", StringComparison.Ordinal);
        Assert.True(start >= 0, $"The refusal carries no code: {refused.Message}");
        var json = JsonDocument.Parse(refused.Message[start..]).RootElement;
        return new HubRefusal(json.GetProperty("code").GetString()!, json.GetProperty("message").GetString()!, json);
    }

    public int Number(string name) => Json.GetProperty(name).GetInt32();
}
