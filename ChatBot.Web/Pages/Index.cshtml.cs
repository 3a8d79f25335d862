using ChatBot.Web.Auth;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ChatBot.Web.Pages;

/// <summary>The chat: the page is a shell, the script fills it from <c>/api</c> and <c>/hubs/chat</c>.</summary>
public sealed class IndexModel : PageModel
{
    public string UserId => User.UserId();

    public string UserName => User.UserName();

    public string DisplayName => User.DisplayNameOf();
}
