namespace ChatBot.ApiService.Auth;

public sealed class SessionOptions
{
    public const string Section = "Sessions";

    /// <summary>How long a session lasts from its sign-in at most, however often it is refreshed.</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromDays(30);
}
