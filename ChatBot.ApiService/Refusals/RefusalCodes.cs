namespace ChatBot.ApiService.Refusals;

/// <summary>
/// The stable codes of refusals: clients switch on these, never on the people-facing text beside them.
/// The browser's list is <c>ChatBot.Web/wwwroot/js/contract.js</c>; a test keeps the two the same.
/// </summary>
public static class RefusalCodes
{
    /// <summary>An argument is missing, malformed or out of range; the request as sent can never succeed.</summary>
    public const string InvalidArgument = "invalid_argument";

    /// <summary>A message's text is empty or too long (data: <c>maxLength</c>).</summary>
    public const string InvalidMessage = "invalid_message";

    /// <summary>The client message id was used for another message.</summary>
    public const string MessageIdTaken = "message_id_taken";

    /// <summary>No such thing, or not the caller's to see: the two look the same.</summary>
    public const string NotFound = "not_found";

    /// <summary>Too many at once; the same request succeeds later (data: <c>retryAfterSeconds</c>).</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>Wrong user name or password.</summary>
    public const string InvalidCredentials = "invalid_credentials";

    /// <summary>The person has as many hub connections open as allowed (data: <c>maxConnections</c>): close one first.</summary>
    public const string TooManyConnections = "too_many_connections";

    /// <summary>The caller is not signed in, or the session has ended: sign in again.</summary>
    public const string Unauthenticated = "unauthenticated";

    /// <summary>Signed in, but not allowed.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>The route exists, but not with this method.</summary>
    public const string MethodNotAllowed = "method_not_allowed";

    /// <summary>The body is not of a type the route takes.</summary>
    public const string UnsupportedMediaType = "unsupported_media_type";

    /// <summary>
    /// Nothing was done because something the server needs (its database) cannot be reached just now; the
    /// same request succeeds later (data: <c>retryAfterSeconds</c>).
    /// </summary>
    public const string Unavailable = "unavailable";

    /// <summary>Something failed on the server; trying again later may work.</summary>
    public const string ServerError = "server_error";

    /// <summary>A group's name is empty or too long (data: <c>maxLength</c>).</summary>
    public const string InvalidGroupName = "invalid_group_name";

    /// <summary>A group would have too few or too many people (data: <c>minMembers</c>, <c>maxMembers</c>).</summary>
    public const string InvalidGroupSize = "invalid_group_size";

    /// <summary>Only an admin of the group may do that.</summary>
    public const string NotGroupAdmin = "not_group_admin";

    /// <summary>The person is in the group already (data: <c>userId</c>).</summary>
    public const string AlreadyMember = "already_member";

    /// <summary>The member is an admin already.</summary>
    public const string AlreadyAdmin = "already_admin";

    /// <summary>Editing or deleting someone else's message (a group's admin may delete anyone's).</summary>
    public const string NotMessageAuthor = "not_message_author";

    /// <summary>The message is deleted: it cannot be edited, deleted again, replied to or reacted to.</summary>
    public const string MessageDeleted = "message_deleted";

    /// <summary>A reaction is not exactly one emoji.</summary>
    public const string InvalidReaction = "invalid_reaction";

    /// <summary>The message has as many distinct emoji as it may (data: <c>maxReactions</c>); one already there can still be used.</summary>
    public const string TooManyReactions = "too_many_reactions";

    /// <summary>A message search that cannot be run: no word to look for, too long (data: <c>maxLength</c>), or a malformed date.</summary>
    public const string InvalidSearchQuery = "invalid_search_query";

    /// <summary>A search names a filter (<c>name:value</c>) there is none of (data: <c>filter</c>, the name as written).</summary>
    public const string UnknownSearchFilter = "unknown_search_filter";

    /// <summary>A page of results past the last, or past the most pages a search gives (data: <c>maxPage</c>).</summary>
    public const string PagePastEnd = "page_past_end";

    /// <summary>
    /// A file that cannot be stored or sent: empty, a name that is no file name, a picture that is none or has too
    /// many pixels, a message naming a file that is not the sender's unsent upload.
    /// </summary>
    public const string InvalidFile = "invalid_file";

    /// <summary>A file larger than allowed (data: <c>maxBytes</c>).</summary>
    public const string FileTooLarge = "file_too_large";

    /// <summary>The person's files would take more than their share of storage (data: <c>quotaBytes</c>).</summary>
    public const string StorageQuotaExceeded = "storage_quota_exceeded";

    /// <summary>An upload took longer than one may (data: <c>limitSeconds</c>); nothing of it is kept.</summary>
    public const string UploadTimedOut = "upload_timed_out";

    /// <summary>The HTTP status each code is answered with over REST: the one map, read both ways.</summary>
    private static readonly Dictionary<string, int> Statuses = new()
    {
        [InvalidArgument] = StatusCodes.Status400BadRequest,
        [InvalidMessage] = StatusCodes.Status400BadRequest,
        [InvalidGroupName] = StatusCodes.Status400BadRequest,
        [InvalidGroupSize] = StatusCodes.Status400BadRequest,
        [InvalidReaction] = StatusCodes.Status400BadRequest,
        [InvalidSearchQuery] = StatusCodes.Status400BadRequest,
        [UnknownSearchFilter] = StatusCodes.Status400BadRequest,
        [PagePastEnd] = StatusCodes.Status400BadRequest,
        [InvalidFile] = StatusCodes.Status400BadRequest,
        [InvalidCredentials] = StatusCodes.Status401Unauthorized,
        [Unauthenticated] = StatusCodes.Status401Unauthorized,
        [Forbidden] = StatusCodes.Status403Forbidden,
        [NotGroupAdmin] = StatusCodes.Status403Forbidden,
        [NotMessageAuthor] = StatusCodes.Status403Forbidden,
        [NotFound] = StatusCodes.Status404NotFound,
        [MethodNotAllowed] = StatusCodes.Status405MethodNotAllowed,
        [MessageIdTaken] = StatusCodes.Status409Conflict,
        [AlreadyMember] = StatusCodes.Status409Conflict,
        [AlreadyAdmin] = StatusCodes.Status409Conflict,
        [MessageDeleted] = StatusCodes.Status409Conflict,
        [TooManyReactions] = StatusCodes.Status409Conflict,
        [StorageQuotaExceeded] = StatusCodes.Status409Conflict,
        [FileTooLarge] = StatusCodes.Status413PayloadTooLarge,
        [UploadTimedOut] = StatusCodes.Status408RequestTimeout,
        [UnsupportedMediaType] = StatusCodes.Status415UnsupportedMediaType,
        [RateLimited] = StatusCodes.Status429TooManyRequests,
        [TooManyConnections] = StatusCodes.Status429TooManyRequests,
        [ServerError] = StatusCodes.Status500InternalServerError,
        [Unavailable] = StatusCodes.Status503ServiceUnavailable,
    };

    /// <summary>The codes that say no more than their status: what a problem that no handler coded is given.</summary>
    private static readonly string[] ByStatusAlone =
        [InvalidArgument, Unauthenticated, Forbidden, NotFound, MethodNotAllowed, UnsupportedMediaType, RateLimited, ServerError, Unavailable];

    /// <summary>The HTTP status of a refusal with this code.</summary>
    public static int StatusOf(string code) => Statuses[code];

    /// <summary>The code of a problem that no handler gave one, by its status.</summary>
    public static string ForStatus(int status) =>
        Array.Find(ByStatusAlone, code => Statuses[code] == status) ?? (status >= 500 ? ServerError : InvalidArgument);
}
