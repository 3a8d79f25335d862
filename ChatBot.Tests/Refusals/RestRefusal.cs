using System.Net;
using System.Text.Json;

namespace ChatBot.Tests.Refusals;

/// <summary>
/// A REST refusal as a client reads it: the status, and from the problem details the <c>code</c>, the
/// <c>detail</c> (a rule's own words) and the fields of a validation problem (<c>errors</c>).
/// </summary>
public sealed record RestRefusal(HttpStatusCode Status, string? Code, string? Detail, IReadOnlyDictionary<string, string[]> Errors, string Body)
{
    public static async Task<RestRefusal> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return new RestRefusal(response.StatusCode, null, null, new Dictionary<string, string[]>(), body);
        }

        var problem = JsonDocument.Parse(body).RootElement;
        var errors = problem.TryGetProperty("errors", out var fields)
            ? fields.EnumerateObject().ToDictionary(f => f.Name, f => f.Value.EnumerateArray().Select(m => m.GetString()!).ToArray())
            : [];
        return new RestRefusal(response.StatusCode, Text("code"), Text("detail"), errors, body);

        string? Text(string name) => problem.TryGetProperty(name, out var value) ? value.GetString() : null;
    }

    /// <summary>The fields a validation problem names, in order.</summary>
    public IEnumerable<string> Fields => Errors.Keys.Order();

    public override string ToString() => $"{(int)Status} {Body[..Math.Min(400, Body.Length)]}";
}
