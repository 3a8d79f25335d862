using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChatBot.Tests.Infrastructure;

public static class Json
{
    /// <summary>How the API writes JSON: web defaults, enums as camelCase strings.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>The hub's JSON as the server writes it: enums (a message's kind) as camelCase strings.</summary>
    public static void HubProtocol(Microsoft.AspNetCore.SignalR.JsonHubProtocolOptions options) =>
        options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
}
