namespace ChatBot.ApiService.Refusals;

/// <summary>
/// Every problem details answer carries a <c>code</c>: the handler's own (<see cref="Refusal.ToProblem"/>),
/// or else the one its status means; so do the framework's answers (validation, 404, 405, 415, 500).
/// </summary>
public static class ProblemCodes
{
    public static void AddCodes(ProblemDetailsOptions options) =>
        options.CustomizeProblemDetails = context =>
        {
            var status = context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode;
            context.ProblemDetails.Extensions.TryAdd("code", RefusalCodes.ForStatus(status));
        };
}
