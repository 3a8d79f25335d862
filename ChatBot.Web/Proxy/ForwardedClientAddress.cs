namespace ChatBot.Web.Proxy;

/// <summary>
/// Tells the API whose request the front end makes (X-Forwarded-For): the API limits sign-ins per client and
/// logs security events with the browser's address, not the front end's. (YARP does the same for <c>/api</c>.)
/// </summary>
public sealed class ForwardedClientAddress(IHttpContextAccessor accessor) : DelegatingHandler
{
    public const string Header = "X-Forwarded-For";

    public static string? Of(HttpContext? http) => http?.Connection.RemoteIpAddress is { } address
        ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
        : null;

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Of(accessor.HttpContext) is { } client)
        {
            request.Headers.Remove(Header);
            request.Headers.Add(Header, client);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
