namespace ChatBot.ApiService.Security;

public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Messages a person may send per second, sustained, across all their devices.</summary>
    public double SendPermitsPerSecond { get; set; } = 5;

    /// <summary>Messages a person may send at once, after a pause: a few pasted lines, an outbox after a reconnect.</summary>
    public int SendBurst { get; set; } = 30;

    /// <summary>
    /// The other hub methods' quotas, per person across their devices: generous for what a page does, tight
    /// for the cheap calls that fan out to others (typing) or subscribe (presence).
    /// </summary>
    public Dictionary<string, Quota> HubMethods { get; set; } = new()
    {
        ["EditMessage"] = new() { PermitsPerSecond = 2, Burst = 20 },
        ["DeleteMessage"] = new() { PermitsPerSecond = 2, Burst = 20 },
        ["ToggleReaction"] = new() { PermitsPerSecond = 5, Burst = 30 },
        ["GetMessagesAfter"] = new() { PermitsPerSecond = 10, Burst = 60 },
        ["JoinConversation"] = new() { PermitsPerSecond = 10, Burst = 30 },
        ["LeaveConversation"] = new() { PermitsPerSecond = 10, Burst = 30 },
        ["Typing"] = new() { PermitsPerSecond = 2, Burst = 5 },
        ["MarkDelivered"] = new() { PermitsPerSecond = 30, Burst = 90 },
        ["MarkRead"] = new() { PermitsPerSecond = 30, Burst = 90 },
        ["WatchPresence"] = new() { PermitsPerSecond = 2, Burst = 40 },
    };

    /// <summary>
    /// The quotas of the REST routes that write or search, per person across their devices (<see cref="RestQuotas"/>):
    /// a person makes a few groups an hour, not hundreds a second.
    /// </summary>
    public Dictionary<string, Quota> RestRoutes { get; set; } = new()
    {
        [RestQuota.CreateGroup] = new() { PermitsPerSecond = 1.0 / 60, Burst = 10 },
        [RestQuota.ChangeGroup] = new() { PermitsPerSecond = 1, Burst = 30 },
        [RestQuota.OpenConversation] = new() { PermitsPerSecond = 1, Burst = 30 },
        [RestQuota.SearchPeople] = new() { PermitsPerSecond = 2, Burst = 30 },
        [RestQuota.SearchMessages] = new() { PermitsPerSecond = 1, Burst = 20 },
        [RestQuota.UploadFile] = new() { PermitsPerSecond = 1, Burst = 30 },
        [RestQuota.DownloadFile] = new() { PermitsPerSecond = 2, Burst = 60 },
    };

    /// <summary>Hub connections one person may have open at once, across every replica: tabs and devices together.</summary>
    public int MaxConnectionsPerPerson { get; set; } = 20;

    /// <summary>
    /// Failed sign-ins for one user name before that name is locked for <see cref="LoginLockout"/> — for every
    /// device but those its owner has signed in from before, which have a count of their own.
    /// </summary>
    public int LoginFailures { get; set; } = 5;

    public TimeSpan LoginLockout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sign-in and registration attempts one client address may make per minute (all at once, after a pause).</summary>
    public int SignInsPerClientPerMinute { get; set; } = 10;

    /// <summary>Sign-in and registration attempts all clients together may make per minute, per replica (2 s worth at once).</summary>
    public int SignInsPerMinute { get; set; } = 600;
}

/// <summary>The names of the REST routes' quotas.</summary>
public static class RestQuota
{
    public const string CreateGroup = "CreateGroup";
    public const string ChangeGroup = "ChangeGroup";
    public const string OpenConversation = "OpenConversation";
    public const string SearchPeople = "SearchPeople";
    public const string SearchMessages = "SearchMessages";
    public const string UploadFile = "UploadFile";

    /// <summary>An original's download (up to 25 MB each); thumbnails and the viewer's copies, which a page shows by the dozen, are not counted.</summary>
    public const string DownloadFile = "DownloadFile";
}
