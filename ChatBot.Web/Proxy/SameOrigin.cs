namespace ChatBot.Web.Proxy;

/// <summary>A request sent by a page of this site: its Origin header names this very scheme, host and port.</summary>
internal static class SameOrigin
{
    public static bool IsSatisfiedBy(HttpRequest request) =>
        Uri.TryCreate(request.Headers.Origin.ToString(), UriKind.Absolute, out var origin)
        && string.Equals(origin.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(origin.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
