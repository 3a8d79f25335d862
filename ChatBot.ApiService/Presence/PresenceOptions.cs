namespace ChatBot.ApiService.Presence;

/// <summary>
/// How presence is kept across replicas: each replica renews a lease for its connected users every
/// <see cref="HeartbeatInterval"/>; a lease not renewed for <see cref="Timeout"/> has lapsed. A replica that
/// dies therefore leaves its users online for at most <see cref="Timeout"/> + <see cref="HeartbeatInterval"/>.
/// </summary>
public sealed class PresenceOptions
{
    public const string Section = "Presence";

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);
}
