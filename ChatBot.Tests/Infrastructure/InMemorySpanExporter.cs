using System.Diagnostics;
using OpenTelemetry;

namespace ChatBot.Tests.Infrastructure;

/// <summary>An OpenTelemetry exporter that keeps the spans it is given, for a test to await and inspect.</summary>
public sealed class InMemorySpanExporter(EventLog<Activity> spans) : BaseExporter<Activity>
{
    public override ExportResult Export(in Batch<Activity> batch)
    {
        foreach (var span in batch)
        {
            spans.Add(span);
        }

        return ExportResult.Success;
    }
}
