using System.Net;
using System.Text.RegularExpressions;

namespace ChatBot.Tests.Infrastructure;

/// <summary>A browser-like HTTP client of the web front end: a cookie jar, forms posted with their antiforgery token.</summary>
/// <param name="from">Another loopback address (127.0.0.2, …) to connect from, as another client machine would.</param>
public sealed partial class WebSession(Uri site, string? from = null) : IDisposable
{
    private readonly SocketsHttpHandler _handler = new()
    {
        CookieContainer = new CookieContainer(),
        AllowAutoRedirect = false,
        // The tests' HTTPS front end has a self-signed certificate.
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        ConnectCallback = from is null ? null : LoopbackAddresses.ConnectFrom(from),
    };
    private HttpClient? _client;

    public Uri Site { get; } = site;

    public CookieContainer Cookies => _handler.CookieContainer;

    public HttpClient Client => _client ??= new HttpClient(_handler) { BaseAddress = Site };

    public string Origin => Site.GetLeftPart(UriPartial.Authority);

    /// <summary>Fills and posts the form of <paramref name="path"/>, as a person with a browser would.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, IDictionary<string, string> fields)
    {
        var page = await Client.GetStringAsync(path);
        var form = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = FormToken().Match(page).Groups[1].Value,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("Origin", Origin);
        return await Client.SendAsync(request);
    }

    /// <summary>The Set-Cookie headers of the last sign-in's response.</summary>
    public IReadOnlyList<string> LastSetCookies { get; private set; } = [];

    public async Task LogInAsync(string userName, string password)
    {
        using var response = await PostFormAsync("/Account/Login", new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Logging in failed: {response.StatusCode}");
        }

        LastSetCookies = response.Headers.TryGetValues("Set-Cookie", out var cookies) ? [.. cookies] : [];
    }

    /// <summary>Presses the chat page's "Log out" (or "Log out everywhere") button.</summary>
    public async Task<HttpResponseMessage> LogOutAsync(bool everywhere = false)
    {
        var page = await Client.GetStringAsync("/");
        var form = new Dictionary<string, string> { ["__RequestVerificationToken"] = FormToken().Match(page).Groups[1].Value };
        using var request = new HttpRequestMessage(HttpMethod.Post, everywhere ? "/Account/Logout?handler=Everywhere" : "/Account/Logout")
        {
            Content = new FormUrlEncodedContent(form),
        };
        request.Headers.Add("Origin", Origin);
        return await Client.SendAsync(request);
    }

    /// <summary>The token the chat page gives its script for unsafe <c>/api</c> calls.</summary>
    public async Task<string> PageTokenAsync() =>
        PageToken().Match(await Client.GetStringAsync("/")).Groups[1].Value;

    public void Dispose()
    {
        _client?.Dispose();
        _handler.Dispose();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();

    [GeneratedRegex("<meta name=\"request-verification-token\" content=\"([^\"]+)\"")]
    private static partial Regex PageToken();
}
