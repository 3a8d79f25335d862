using System.Reflection;
using Xunit.Sdk;
using Xunit.v3;

[assembly: TestCollectionOrderer(typeof(ChatBot.Tests.Infrastructure.LongestFirst))]

namespace ChatBot.Tests.Infrastructure;

/// <summary>
/// Starts the long collections first: those of <see cref="LongRunningAttribute"/> classes, and of classes whose
/// fixture starts the whole AppHost (DCP and every service, which no test's duration shows). The rest follow,
/// each group in xunit's own shuffled order. Collections run a few at a time: a long one started last would
/// run on alone at the end.
/// </summary>
public sealed class LongestFirst : ITestCollectionOrderer
{
    private static readonly HashSet<string> LongCollections = typeof(LongestFirst).Assembly.GetTypes()
        .Where(type => type.GetCustomAttribute<LongRunningAttribute>() is not null || StartsTheAppHost(type))
        .Select(type => type.GetCustomAttribute<CollectionDefinitionAttribute>()?.Name
            ?? type.GetCustomAttribute<CollectionAttribute>()?.Name
            ?? CollectionAttribute.GetCollectionNameForType(type))
        .ToHashSet();

    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : ITestCollection =>
        [.. DefaultTestCollectionOrderer.Instance.OrderTestCollections(testCollections)
            .OrderBy(collection => LongCollections.Contains(collection.TestCollectionDisplayName) ? 0 : 1)];

    private static bool StartsTheAppHost(Type testClass) => testClass.GetInterfaces()
        .Any(contract => contract.IsGenericType && contract.GetGenericTypeDefinition() == typeof(IClassFixture<>)
            && contract.GetGenericArguments()[0].Name.EndsWith("AppHost", StringComparison.Ordinal));
}
