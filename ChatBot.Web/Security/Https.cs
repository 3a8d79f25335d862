namespace ChatBot.Web.Security;

public static class Https
{
    /// <summary>
    /// Whether this front end serves HTTPS (ASPNETCORE_URLS or ASPNETCORE_HTTPS_PORTS say so). Then its
    /// cookies are <c>__Host-</c> prefixed and Secure, browsers are told to stay on HTTPS, and HTTP redirects.
    /// </summary>
    public static bool IsServed(IConfiguration configuration) =>
        (configuration["urls"] ?? "").Contains("https://", StringComparison.OrdinalIgnoreCase)
        || !string.IsNullOrEmpty(configuration["https_ports"]);

    /// <summary>A cookie's name: <c>__Host-</c> prefixed where HTTPS makes that possible.</summary>
    public static string CookieName(string name, bool https) => https ? $"__Host-{name}" : name;

    public static CookieSecurePolicy CookiePolicy(bool https) => https ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
}
