namespace ChatBot.Launcher;

/// <summary>The checkout the launcher was built in, and where its sibling projects put their builds.</summary>
public sealed class Repository(string root, string outputSubpath)
{
    public string Root { get; } = root;

    public static Repository Locate()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ChatBot.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new LaunchException("The launcher must run from its build inside the ChatBot repository (ChatBot.sln not found).");
        }

        // The launcher is built to <repo>/ChatBot.Launcher/bin/<configuration>/<framework>/; so are its siblings.
        var launcherProject = Path.Combine(directory.FullName, "ChatBot.Launcher");
        return new Repository(directory.FullName, Path.GetRelativePath(launcherProject, AppContext.BaseDirectory));
    }

    public string ProjectDirectory(string project) => Path.Combine(Root, project);

    public string AssemblyOf(string project)
    {
        var path = Path.Combine(Root, project, outputSubpath, $"{project}.dll");
        return File.Exists(path)
            ? path
            : throw new LaunchException($"{project} is not built ({path} is missing). Run: dotnet build ChatBot.sln");
    }
}

/// <summary>A launch step failed; the message says which and why, for a person to read.</summary>
public sealed class LaunchException(string message) : Exception(message);
