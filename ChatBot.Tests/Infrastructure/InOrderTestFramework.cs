using System.Reflection;
using Xunit.Sdk;
using Xunit.v3;

[assembly: TestFramework(typeof(ChatBot.Tests.Infrastructure.InOrderTestFramework))]

namespace ChatBot.Tests.Infrastructure;

/// <summary>
/// xunit's framework, but collections start in the order <see cref="LongestFirst"/> gives them. xunit starts every
/// collection at once on the thread pool, each then waiting its turn for a thread: the pool, not the orderer,
/// decides who comes first. Here a collection starts only when one of the threads is free, in order. As in xunit,
/// a collection that disables parallelization runs after all the others, alone.
/// </summary>
public sealed class InOrderTestFramework : XunitTestFramework
{
    private readonly string? _configFileName;

    public InOrderTestFramework()
    {
    }

    public InOrderTestFramework(string? configFileName)
        : base(configFileName) => _configFileName = configFileName;

    protected override ITestFrameworkExecutor CreateExecutor(Assembly assembly) =>
        new Executor(new XunitTestAssembly(assembly, _configFileName, assembly.GetName().Version));

    private sealed class Executor(IXunitTestAssembly assembly) : XunitTestFrameworkExecutor(assembly)
    {
        public override async ValueTask RunTestCases(
            IReadOnlyCollection<IXunitTestCase> testCases, IMessageSink executionMessageSink,
            ITestFrameworkExecutionOptions executionOptions, CancellationToken cancellationToken) =>
            await new Runner().Run(TestAssembly, testCases, executionMessageSink, executionOptions, cancellationToken);
    }

    private sealed class Runner : XunitTestAssemblyRunner
    {
        protected override async ValueTask<RunSummary> RunTestCollections(XunitTestAssemblyRunnerContext ctxt, Exception? exception)
        {
            if (ctxt.DisableParallelization || exception is not null || ctxt.MaxParallelThreads < 1)
            {
                return await base.RunTestCollections(ctxt, exception);
            }

            var collections = OrderTestCollections(ctxt).ToLookup(c => c.Collection.DisableParallelization);
            ctxt.SetupParallelism();
            using var threads = new SemaphoreSlim(ctxt.MaxParallelThreads);
            var running = new List<Task<RunSummary>>();
            foreach (var (collection, testCases) in collections[false])
            {
                await threads.WaitAsync(ctxt.CancellationTokenSource.Token);
                running.Add(Task.Run(async () =>
                {
                    try
                    {
                        return await RunTestCollection(ctxt, collection, testCases);
                    }
                    finally
                    {
                        threads.Release();
                    }
                }));
            }

            var summaries = (await Task.WhenAll(running)).ToList();
            foreach (var (collection, testCases) in collections[true])
            {
                summaries.Add(await RunTestCollection(ctxt, collection, testCases));
            }

            return new RunSummary
            {
                Total = summaries.Sum(s => s.Total),
                Failed = summaries.Sum(s => s.Failed),
                NotRun = summaries.Sum(s => s.NotRun),
                Skipped = summaries.Sum(s => s.Skipped),
            };
        }
    }
}
