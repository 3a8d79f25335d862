using System.Globalization;
using ChatBot.Web.Api;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChatBot.Web.Pages.Account;

/// <summary>What the account pages show, and answer, when the API refuses or cannot be reached.</summary>
internal static class ApiProblems
{
    /// <summary>
    /// Shows the API's refusal: its field errors beside the form's fields ("userName" → "Input.UserName"), else
    /// its message. Too many attempts is answered as the API answered it: 429, with its <c>Retry-After</c>.
    /// </summary>
    public static void ShowApiProblem(this PageModel page, ApiProblem? problem, string fallback)
    {
        if (problem?.Errors is { Count: > 0 } errors)
        {
            foreach (var (field, messages) in errors)
            {
                var key = field.Length == 0 ? "" : $"Input.{char.ToUpperInvariant(field[0])}{field[1..]}";
                foreach (var message in messages)
                {
                    page.ModelState.AddModelError(key, message);
                }
            }
        }
        else
        {
            page.ModelState.AddModelError("", problem?.Detail ?? fallback);
        }

        if (problem is { Status: StatusCodes.Status429TooManyRequests })
        {
            Answer(page, StatusCodes.Status429TooManyRequests, problem.RetryAfter);
        }
    }

    /// <summary>The API cannot be reached: the page says for how long, and answers 503 with <c>Retry-After</c>.</summary>
    public static void ShowApiUnavailable(this PageModel page, HttpRequestException failed)
    {
        var wait = (failed as ApiUnavailableException)?.RetryAfter;
        page.ModelState.AddModelError("", wait is null
            ? "The chat service cannot be reached right now. Try again in a moment."
            : $"The chat service cannot be reached right now. Try again in {Seconds(wait.Value)} s.");
        Answer(page, StatusCodes.Status503ServiceUnavailable, wait);
    }

    private static void Answer(PageModel page, int status, TimeSpan? retryAfter)
    {
        page.Response.StatusCode = status;
        if (retryAfter is { } wait)
        {
            page.Response.Headers.RetryAfter = Seconds(wait).ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Whole seconds, at least one: whoever waits that long may go through.</summary>
    private static int Seconds(TimeSpan wait) => (int)Math.Max(1, Math.Ceiling(wait.TotalSeconds));
}
