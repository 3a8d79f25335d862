using ChatBot.ServiceDefaults;

namespace ChatBot.Web.Proxy;

/// <summary>
/// Tells the API whose request the front end makes (X-Forwarded-For): the API limits sign-ins per client and
/// logs security events with the browser's address, not the front end's. (YARP does the same for <c>/api</c>
/// and the hub.)
/// </summary>
public sealed class ForwardedClientAddress(IHttpContextAccessor accessor) : DelegatingHandler
{
    public const string Header = "X-Forwarded-For";

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (accessor.HttpContext.ClientAddress() is { } client)
        {
            request.Headers.Remove(Header);
            request.Headers.Add(Header, client);
        }

        return base.SendAsync(request, cancellationToken);
    }
}
