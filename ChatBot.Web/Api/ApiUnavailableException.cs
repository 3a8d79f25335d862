namespace ChatBot.Web.Api;

/// <summary>
/// The API cannot be reached just now: it does not answer, answers with a server error, or has failed so often
/// lately that calls to it are held back (an open circuit) for <see cref="RetryAfter"/>.
/// </summary>
public sealed class ApiUnavailableException(TimeSpan retryAfter, Exception? inner = null)
    : HttpRequestException($"The API cannot be reached; try again in {retryAfter.TotalSeconds:0} s.", inner)
{
    /// <summary>How long until a call may go through: a client waits this long before it tries again.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}
