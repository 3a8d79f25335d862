using System.ComponentModel.DataAnnotations;
using ChatBot.Web.Api;
using ChatBot.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChatBot.Web.Pages.Account;

[RequestSizeLimit(AccountForms.MaxBytes)]
public sealed class RegisterModel(ChatApiClient api, KnownDevice device) : PageModel
{
    [BindProperty]
    public RegisterInput Input { get; set; } = new();

    public IActionResult OnGet() =>
        User.Identity?.IsAuthenticated == true ? LocalRedirect("/") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            var (user, problem) = await api.RegisterAsync(
                Input.UserName.Trim(), Input.DisplayName.Trim(), Input.Password, cancellationToken);
            if (user is null)
            {
                this.ShowApiProblem(problem, "Creating the account failed.");
                return Page();
            }

            var (tokens, loginProblem) = await api.LoginAsync(user.UserName, Input.Password, deviceToken: null, cancellationToken);
            if (tokens is null)
            {
                this.ShowApiProblem(loginProblem, "The account exists, but signing in failed: log in.");
                return Page();
            }

            await Session.SignInAsync(HttpContext, api, tokens, redirectUri: "/", cancellationToken);
            await device.RememberAsync(HttpContext, tokens, cancellationToken);
        }
        catch (HttpRequestException failed)
        {
            this.ShowApiUnavailable(failed);
            return Page();
        }

        return LocalRedirect("/");
    }
}

public sealed class RegisterInput
{
    [Required(ErrorMessage = "Choose a user name.")]
    [Display(Name = "User name")]
    public string UserName { get; set; } = "";

    [Required(ErrorMessage = "Choose a display name.")]
    [Display(Name = "Display name")]
    public string DisplayName { get; set; } = "";

    [Required(ErrorMessage = "Choose a password.")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";

    [Required(ErrorMessage = "Repeat the password.")]
    [DataType(DataType.Password)]
    [Display(Name = "Repeat the password")]
    [Compare(nameof(Password), ErrorMessage = "The two passwords differ.")]
    public string ConfirmPassword { get; set; } = "";
}
