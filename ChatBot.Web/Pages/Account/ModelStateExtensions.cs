using ChatBot.Web.Api;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ChatBot.Web.Pages.Account;

internal static class ModelStateExtensions
{
    public const string ServiceUnavailable = "The chat service cannot be reached right now. Try again in a moment.";

    /// <summary>Shows the API's field errors beside the form's fields ("userName" → "Input.UserName").</summary>
    public static void AddApiProblem(this ModelStateDictionary modelState, ApiProblem? problem, string fallback)
    {
        if (problem?.Errors is { Count: > 0 } errors)
        {
            foreach (var (field, messages) in errors)
            {
                var key = field.Length == 0 ? "" : $"Input.{char.ToUpperInvariant(field[0])}{field[1..]}";
                foreach (var message in messages)
                {
                    modelState.AddModelError(key, message);
                }
            }

            return;
        }

        modelState.AddModelError("", problem?.Detail ?? fallback);
    }
}
