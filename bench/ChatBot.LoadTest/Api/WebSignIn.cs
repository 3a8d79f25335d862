using System.Net;
using System.Text.RegularExpressions;

namespace ChatBot.LoadTest.Api;

/// <summary>Signs a person in at the web front end as a browser does: the login form, with its antiforgery token.</summary>
public static partial class WebSignIn
{
    /// <returns>The browser's cookies: its session, which the front end turns into the person's API token.</returns>
    public static async Task<CookieContainer> SignInAsync(Uri web, User user)
    {
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = web };
        var form = await http.GetStringAsync("/Account/Login");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.UserName"] = user.UserName,
                ["Input.Password"] = Accounts.Password,
                ["__RequestVerificationToken"] = FormToken().Match(form).Groups[1].Value,
            }),
        };
        request.Headers.Add("Origin", web.GetLeftPart(UriPartial.Authority));
        using var response = await http.SendAsync(request);
        return response.StatusCode == HttpStatusCode.Redirect
            ? cookies
            : throw new InvalidOperationException($"Signing {user.UserName} in at the front end failed: {(int)response.StatusCode}.");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
