namespace ChatBot.Tests.Infrastructure;

/// <summary>
/// A test class that runs for long (processes killed and started again, a publish, a browser going through
/// many pages): <see cref="LongestFirst"/> starts it before the others, so that the short ones fill the gaps
/// around it instead of it running alone at the end.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class LongRunningAttribute : Attribute;
