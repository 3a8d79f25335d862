using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authentication;

namespace ChatBot.Web.Api;

/// <summary>The API's bearer tokens for one signed-in person; they live in the encrypted session cookie only.</summary>
public sealed record ApiTokens(string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt)
{
    private const string AccessTokenName = "access_token";
    private const string RefreshTokenName = "refresh_token";
    private const string ExpiresAtName = "expires_at";

    public void StoreIn(AuthenticationProperties properties) => properties.StoreTokens(
    [
        new AuthenticationToken { Name = AccessTokenName, Value = AccessToken },
        new AuthenticationToken { Name = RefreshTokenName, Value = RefreshToken },
        new AuthenticationToken { Name = ExpiresAtName, Value = ExpiresAt.ToString("o", CultureInfo.InvariantCulture) },
    ]);

    public static ApiTokens? ReadFrom(AuthenticationProperties properties) =>
        properties.GetTokenValue(AccessTokenName) is { } access
        && properties.GetTokenValue(RefreshTokenName) is { } refresh
        && DateTimeOffset.TryParse(properties.GetTokenValue(ExpiresAtName), CultureInfo.InvariantCulture, DateTimeStyles.None, out var expiresAt)
            ? new ApiTokens(access, refresh, expiresAt)
            : null;
}

/// <summary>The API's token response, as Identity's bearer token handler writes it.</summary>
internal sealed record AccessTokenResponse(
    [property: JsonPropertyName("accessToken")] string AccessToken,
    [property: JsonPropertyName("expiresIn")] long ExpiresIn,
    [property: JsonPropertyName("refreshToken")] string RefreshToken)
{
    public ApiTokens ToTokens(DateTimeOffset now) => new(AccessToken, RefreshToken, now.AddSeconds(ExpiresIn));
}
