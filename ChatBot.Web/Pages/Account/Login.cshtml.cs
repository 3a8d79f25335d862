using System.ComponentModel.DataAnnotations;
using ChatBot.Web.Api;
using ChatBot.Web.Auth;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChatBot.Web.Pages.Account;

[RequestSizeLimit(AccountForms.MaxBytes)]
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
                this.ShowApiProblem(problem, "Signing in failed.");
                return Page();
            }

            await Session.SignInAsync(HttpContext, api, tokens, SafeReturnUrl, cancellationToken);
            await device.RememberAsync(HttpContext, tokens, cancellationToken);
        }
        catch (HttpRequestException failed)
        {
            this.ShowApiUnavailable(failed);
            return Page();
        }

        return LocalRedirect(SafeReturnUrl);
    }

    /// <summary>
    /// Where to go after signing in: a page of this site only, its characters escaped as a <c>Location</c> header
    /// needs them (a "/∕x" is local, but not ASCII).
    /// </summary>
    private string SafeReturnUrl => Url.IsLocalUrl(ReturnUrl) ? new Uri(ThisSite, ReturnUrl).PathAndQuery : "/";

    private static readonly Uri ThisSite = new("http://localhost/");
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
