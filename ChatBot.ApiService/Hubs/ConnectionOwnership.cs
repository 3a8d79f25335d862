using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ChatBot.ApiService.Refusals;
using ChatBot.ApiService.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.WebUtilities;

namespace ChatBot.ApiService.Hubs;

/// <summary>
/// A hub connection belongs to the person who negotiated it. The negotiation answers with the connection
/// token sealed to that person (Data Protection); a request that presents it — to start the connection, or to
/// resume it after a drop (stateful reconnect) — is let through only for the same person, and for anyone else
/// answered 404, as a token that never existed. SignalR itself lets anyone signed in use any token.
/// </summary>
public static class ConnectionOwnership
{
    private const string Purpose = "ChatBot.ApiService.HubConnectionToken";
    private const string TokenField = "connectionToken";

    public static HubEndpointConventionBuilder RequireConnectionOwner(this HubEndpointConventionBuilder hub)
    {
        hub.Add(endpoint =>
        {
            var handle = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = endpoint.Metadata.OfType<NegotiateMetadata>().Any()
                ? http => SealAsync(http, handle)
                : http => UnsealAsync(http, handle);
        });
        return hub;
    }

    private static async Task SealAsync(HttpContext http, RequestDelegate negotiate)
    {
        var response = http.Response.Body;
        using var answer = new MemoryStream();
        http.Response.Body = answer;
        try
        {
            await negotiate(http);
        }
        finally
        {
            http.Response.Body = response;
        }

        answer.Position = 0;
        if (http.Response.StatusCode == StatusCodes.Status200OK
            && JsonNode.Parse(answer) is JsonObject negotiation
            && negotiation[TokenField]?.GetValue<string>() is { } token)
        {
            negotiation[TokenField] = Protector(http).Protect(token);
            var sealedAnswer = System.Text.Encoding.UTF8.GetBytes(negotiation.ToJsonString());
            http.Response.ContentLength = sealedAnswer.Length;
            await response.WriteAsync(sealedAnswer, http.RequestAborted);
            return;
        }

        answer.Position = 0;
        await answer.CopyToAsync(response, http.RequestAborted);
    }

    private static async Task UnsealAsync(HttpContext http, RequestDelegate connect)
    {
        if (http.Request.Query["id"].ToString() is not { Length: > 0 } sealedToken)
        {
            await connect(http);
            return;
        }

        string token;
        try
        {
            token = Protector(http).Unprotect(sealedToken);
        }
        catch (CryptographicException)
        {
            http.RequestServices.GetRequiredService<SecurityEvents>().HubConnectionRefused(
                "a connection token negotiated by someone else, or none at all", http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "unknown", SecurityEvents.ClientOf(http));
            await Refusal.NotFound("No such connection; negotiate a new one.").ToProblem().ExecuteAsync(http);
            return;
        }

        var query = QueryHelpers.ParseQuery(http.Request.QueryString.Value);
        query["id"] = token;
        http.Request.QueryString = QueryString.Create(query);
        await connect(http);
    }

    // The hub requires a signed-in caller: both kinds of request get here authenticated.
    private static IDataProtector Protector(HttpContext http) =>
        http.RequestServices.GetRequiredService<IDataProtectionProvider>()
            .CreateProtector(Purpose, http.User.FindFirstValue(ClaimTypes.NameIdentifier)!);
}
