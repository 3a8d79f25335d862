using System.ComponentModel.DataAnnotations;
using ChatBot.Web.Api;
using ChatBot.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChatBot.Web.Pages.Account;

// A sign-in is small; a larger body is refused before it is read.
[RequestSizeLimit(8 * 1024)]
public sealed class LoginModel(ChatApiClient api, KnownDevice device) : PageModel
{
    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IActionResult OnGet() =>
        User.Identity?.IsAuthenticated == true ? LocalRedirect(SafeReturnUrl) : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        try
        {
            var (tokens, problem) = await api.LoginAsync(Input.UserName.Trim(), Input.Password, device.Read(Request), cancellationToken);
            if (tokens is null)
            {
                ModelState.AddApiProblem(problem, "Signing in failed.");
                return Page();
            }

            await Session.SignInAsync(HttpContext, api, tokens, cancellationToken);
            await device.RememberAsync(HttpContext, tokens, cancellationToken);
        }
        catch (HttpRequestException)
        {
            ModelState.AddModelError("", ModelStateExtensions.ServiceUnavailable);
            return Page();
        }

        return LocalRedirect(SafeReturnUrl);
    }

    private string SafeReturnUrl => Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/";
}

public sealed class LoginInput
{
    [Required(ErrorMessage = "Enter your user name.")]
    [Display(Name = "User name")]
    public string UserName { get; set; } = "";

    [Required(ErrorMessage = "Enter your password.")]
    [DataType(DataType.Password)]
    public string Password { get; set; } = "";
}
