namespace ChatBot.Data;

/// <summary>
/// One sign-in of a person, and the family of refresh tokens that renews it; its bearer tokens carry its
/// <see cref="Id"/>. It ends when revoked (logging out, logging out everywhere, or a refresh token used a
/// second time) or at <see cref="ExpiresAt"/>, however busy it is.
/// </summary>
public sealed class UserSession
{
    public Guid Id { get; set; }

    public required string UserId { get; set; }

    /// <summary>The generation of the one refresh token that may be used next; each refresh moves it on.</summary>
    public int RefreshGeneration { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The absolute end of the session.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public ChatUser? User { get; set; }
}
