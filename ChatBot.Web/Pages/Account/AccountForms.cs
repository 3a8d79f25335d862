namespace ChatBot.Web.Pages.Account;

internal static class AccountForms
{
    /// <summary>
    /// The most an account form (sign-in, registration, logout) sends. They are anonymous: a larger body is refused
    /// before it is read, so that nobody can make the server hold megabytes for a form of a few fields.
    /// </summary>
    public const int MaxBytes = 8 * 1024;
}
