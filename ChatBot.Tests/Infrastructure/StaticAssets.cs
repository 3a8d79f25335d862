using System.Net;
using System.Text.RegularExpressions;

namespace ChatBot.Tests.Infrastructure;

/// <summary>Fetches a page's styles, scripts and icon, and the modules those import, as a browser asks for them.</summary>
public static partial class StaticAssets
{
    /// <summary>
    /// Every asset the pages refer to, each fetched with a browser's <c>Accept-Encoding</c>: its status, its
    /// content type and the length of its (decompressed) body.
    /// </summary>
    public static async Task<List<(string Path, HttpStatusCode Status, string? ContentType, int Length)>> FetchAsync(
        HttpClient pages, params string[] pagePaths)
    {
        using var browser = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.All })
        {
            BaseAddress = pages.BaseAddress,
        };
        var pending = new Queue<string>();
        foreach (var page in pagePaths)
        {
            foreach (Match reference in PageReference().Matches(await pages.GetStringAsync(page)))
            {
                pending.Enqueue(reference.Groups[1].Value);
            }
        }

        var fetched = new Dictionary<string, (HttpStatusCode, string?, int)>();
        while (pending.TryDequeue(out var path))
        {
            if (fetched.ContainsKey(path))
            {
                continue;
            }

            using var response = await browser.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            fetched[path] = (response.StatusCode, response.Content.Headers.ContentType?.MediaType, body.Length);
            if (path.EndsWith(".js", StringComparison.Ordinal))
            {
                foreach (Match import in ModulePath().Matches(body))
                {
                    pending.Enqueue(new Uri(new Uri(browser.BaseAddress!, path), import.Groups[1].Value).AbsolutePath);
                }
            }
        }

        return [.. fetched.Select(f => (f.Key, f.Value.Item1, f.Value.Item2, f.Value.Item3))];
    }

    public static string ExpectedContentType(string path) => Path.GetExtension(path) switch
    {
        ".css" => "text/css",
        ".js" => "text/javascript",
        ".svg" => "image/svg+xml",
        var other => throw new InvalidOperationException($"No expected type for {other}"),
    };

    public static void AssertServed(IReadOnlyList<(string Path, HttpStatusCode Status, string? ContentType, int Length)> assets)
    {
        Assert.Contains(assets, a => a.Path.EndsWith(".css", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.Path.EndsWith(".js", StringComparison.Ordinal));
        Assert.Contains(assets, a => a.Path.EndsWith(".svg", StringComparison.Ordinal));
        Assert.All(assets, asset =>
        {
            Assert.Equal(HttpStatusCode.OK, asset.Status);
            Assert.Equal(ExpectedContentType(asset.Path), asset.ContentType);
            Assert.True(asset.Length > 0, $"{asset.Path} came with an empty body");
        });
    }

    [GeneratedRegex("""(?:href|src)="(/(?:css|js|lib|img)/[^"]+)""")]
    private static partial Regex PageReference();

    // Every relative script path a module names: its imports, and one loaded by a name held in a variable.
    [GeneratedRegex("""['"](\.{1,2}/[^'"]+\.js)['"]""")]
    private static partial Regex ModulePath();
}
