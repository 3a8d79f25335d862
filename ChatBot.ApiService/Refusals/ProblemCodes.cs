using System.Globalization;

namespace ChatBot.ApiService.Refusals;

/// <summary>
/// Every problem details answer carries a <c>code</c>: the handler's own (<see cref="Refusal.ToProblem"/>),
/// or else the one its status means; so do the framework's answers (validation, 404, 405, 415, 500). One that
/// says when to try again (<c>retryAfterSeconds</c>) says it in a <c>Retry-After</c> header too.
/// </summary>
public static class ProblemCodes
{
    public static void AddCodes(ProblemDetailsOptions options) =>
        options.CustomizeProblemDetails = context =>
        {
            var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
            context.ProblemDetails.Extensions.TryAdd("code", RefusalCodes.ForStatus(status));
            if (context.ProblemDetails.Extensions.TryGetValue(Refusal.RetryAfterKey, out var seconds) && seconds is not null)
            {
                context.HttpContext.Response.Headers.RetryAfter = Convert.ToString(seconds, CultureInfo.InvariantCulture);
            }
        };
}
