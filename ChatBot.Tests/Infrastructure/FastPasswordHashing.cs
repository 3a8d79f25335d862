using ChatBot.ApiService.Auth;

namespace ChatBot.Tests.Infrastructure;

/// <summary>
/// Every API the tests start, in process, as a process or through the AppHost, hashes passwords with one
/// PBKDF2 iteration instead of <see cref="AuthServices.PasswordHashIterations"/>: the suite registers and signs
/// in thousands of people. <c>PasswordTests</c> proves what a production configuration uses.
/// </summary>
public static class FastPasswordHashing
{
    public const string Iterations = "1";

    /// <summary>The setting's key as a service reads it from its environment.</summary>
    public static string EnvironmentVariable { get; } = AuthServices.PasswordHashIterationsKey.Replace(":", "__", StringComparison.Ordinal);
}
