using System.Reflection;

namespace ChatBot.Tests.Infrastructure;

/// <summary>The repository, and the builds of the projects that tests start as processes.</summary>
public static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The configuration the tests, and the projects beside them, were built with (Debug, Release).</summary>
    public static string Configuration { get; } =
        typeof(TestPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
        ?? throw new InvalidOperationException("The tests' assembly does not say its configuration.");

    /// <summary>
    /// The assembly of a project of this repository (its folder, such as <c>ChatBot.ApiService</c> or
    /// <c>bench/ChatBot.LoadTest</c>), built with the same configuration and framework as the tests.
    /// </summary>
    public static string AssemblyOf(string project)
    {
        var testsProject = Path.Combine(RepositoryRoot, "ChatBot.Tests");
        var outputSubpath = Path.GetRelativePath(testsProject, AppContext.BaseDirectory);
        var path = Path.Combine(RepositoryRoot, project, outputSubpath, $"{Path.GetFileName(project)}.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{project} is not built.", path);
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ChatBot.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The tests must run from inside the repository.");
    }
}
