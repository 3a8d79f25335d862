using ChatBot.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ChatBot.Tests.Browser;

/// <summary>axe-core's audit of a page: WCAG 2.1 A and AA, and best practice.</summary>
public static class Axe
{
    private static readonly string Script = Path.Combine(TestPaths.RepositoryRoot, "ChatBot.Web", "node_modules", "axe-core", "axe.min.js");

    /// <summary>The violations, one line each. The page's context must bypass its CSP, which allows no script but its own.</summary>
    public static async Task<string[]> AuditAsync(IPage page)
    {
        await page.AddScriptTagAsync(new() { Path = Script });
        return await page.EvaluateAsync<string[]>(
            """
            async () => {
                const result = await axe.run(document, {
                    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
                });
                return result.violations.map((v) =>
                    `${v.id} (${v.impact}): ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
            }
            """);
    }
}
