using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using ChatBot.Tests.Infrastructure;
using ChatBot.Web.Pages;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace ChatBot.Tests.Telemetry;

public sealed class TelemetryTests(ChatApp app)
{
    private const string HubSpans = "Microsoft.AspNetCore.SignalR.Server";

    [Fact]
    public async Task EachHubCallABrowserMakesIsATraceOfItsOwnFromTheApiToTheDatabaseAndTheFanOut()
    {
        var spans = new EventLog<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource("ChatBot.ApiService", HubSpans)
            .AddProcessor(new SimpleActivityExportProcessor(new InMemorySpanExporter(spans)))
            .Build();
        var alice = await app.CreateUserAsync("alice");
        var bob = await app.CreateUserAsync("bob");
        var conversation = (await alice.OpenConversationWithAsync(bob)).Id;
        using var session = new WebSession(app.WebAddress);
        await session.LogInAsync(alice.UserName, alice.Password);
        await using var browser = await ChatConnection.ConnectAsync(session.Site, accessToken: null, options =>
        {
            options.Cookies = session.Cookies;
            options.Headers["Origin"] = session.Origin;
        });

        const string text = "a message whose text stays out of traces";
        var sent = await browser.SendAsync(conversation, text);

        var hubMethod = await spans.WaitForAsync(s => s.Source.Name == HubSpans && Equals(s.GetTagItem("chat.conversation.id"), conversation));
        var trace = await spans.WaitUntilAsync(all => all.Count(s => s.TraceId == hubMethod.TraceId) >= 3);
        var inTrace = trace.Where(s => s.TraceId == hubMethod.TraceId).ToList();

        Assert.EndsWith("ChatHub/SendMessage", hubMethod.DisplayName, StringComparison.Ordinal);
        Assert.Equal((ActivityKind.Server, default(ActivitySpanId)), (hubMethod.Kind, hubMethod.ParentSpanId));
        Assert.Equal(sent.Seq, hubMethod.GetTagItem("chat.message.seq"));

        var store = Assert.Single(inTrace, s => s.DisplayName == "INSERT Messages");
        var fanOut = Assert.Single(inTrace, s => s.DisplayName == "fan-out MessageReceived");
        Assert.Equal(hubMethod.SpanId, store.ParentSpanId);
        Assert.Equal(hubMethod.SpanId, fanOut.ParentSpanId);
        Assert.Equal("sqlite", store.GetTagItem("db.system.name"));
        Assert.Equal(2, fanOut.GetTagItem("chat.fan_out.users"));

        Assert.DoesNotContain(inTrace.SelectMany(s => s.TagObjects), tag => tag.Value?.ToString()?.Contains(text, StringComparison.Ordinal) == true);
    }

    /// <summary>A browser's frames reach the hub as it wrote them: trace context in an invocation's headers is not its to give.</summary>
    [Fact]
    public async Task TraceContextABrowserPutsInAHubCallIsNotTaken()
    {
        var spans = new EventLog<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(HubSpans)
            .AddProcessor(new SimpleActivityExportProcessor(new InMemorySpanExporter(spans)))
            .Build();
        var (alice, _, conversation) = await app.ConversationWithMessagesAsync(0);
        using var session = new WebSession(app.WebAddress);
        await session.LogInAsync(alice.UserName, alice.Password);
        await using var socket = await RawHubSocket.ConnectAsync(app.WebAddress, accessToken: null, configure: options =>
        {
            options.Cookies = session.Cookies;
            options.SetRequestHeader("Origin", session.Origin);
        });

        var claimed = ActivityTraceId.CreateRandom();
        await socket.SendAsync(Encoding.UTF8.GetBytes(
            $"{{\"type\":1,\"invocationId\":\"1\",\"target\":\"SendMessage\",\"headers\":{{\"traceparent\":\"00-{claimed}-{ActivitySpanId.CreateRandom()}-01\"}}," +
            $"\"arguments\":[{{\"conversationId\":\"{conversation}\",\"clientMessageId\":\"{Guid.NewGuid()}\",\"body\":\"traced?\"}}]}}{RawHubSocket.RecordSeparator}"));

        var hubMethod = await spans.WaitForAsync(s => s.Source.Name == HubSpans && Equals(s.GetTagItem("chat.conversation.id"), conversation));
        Assert.NotEqual(claimed, hubMethod.TraceId);
        Assert.Equal(default, hubMethod.ParentSpanId);
    }

    [Fact]
    public async Task SendsConnectionsAndCatchUpsAreMeasured()
    {
        var measurements = new EventLog<(string Instrument, double Value)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, meters) =>
            {
                if (instrument.Meter.Name == "ChatBot.ApiService")
                {
                    meters.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => measurements.Add((instrument.Name, value)));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => measurements.Add((instrument.Name, value)));
        listener.Start();
        var alice = await app.CreateUserAsync("alice");
        var bob = await app.CreateUserAsync("bob");
        var conversation = (await alice.OpenConversationWithAsync(bob)).Id;

        await using (var device = await alice.ConnectAsync())
        {
            foreach (var text in new[] { "one", "two", "three" })
            {
                await device.SendAsync(conversation, text);
            }

            await device.SendAsync(conversation, "three", clientMessageId: (await device.GetMessagesAfterAsync(conversation, 2))[0].ClientMessageId);
        }

        // The server counts a closed connection once it has noticed the close.
        var recorded = await measurements.WaitUntilAsync(all => all.Contains(("chat.connections.active", -1d)));
        Assert.Contains(("chat.connections.active", 1d), recorded);
        Assert.Contains(("chat.catch_up.size", 1d), recorded);
        Assert.True(recorded.Count(m => m.Instrument == "chat.messages.sent") >= 3);
        Assert.True(recorded.Count(m => m.Instrument == "chat.message.send.duration" && m.Value > 0) >= 4);
    }

    [Fact]
    public async Task HealthChecksStartNoTraceWhetherAnsweredOrSent()
    {
        var spans = new EventLog<Activity>();
        await using var web = new LoopbackServer<IndexModel>(
            new Dictionary<string, string?>
            {
                ["services:apiservice:http:0"] = app.ApiAddress.ToString(),
                // Spans are made only for an exporter; nothing listens there.
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9",
            },
            services => services.ConfigureOpenTelemetryTracerProvider(tracing =>
                tracing.AddProcessor(new SimpleActivityExportProcessor(new InMemorySpanExporter(spans)))));
        using var http = new HttpClient();

        // Answered by the front end, and sent to the API (as the front end's proxy probes its replicas).
        foreach (var check in new[] { new Uri(web.Address, "/alive"), new Uri(web.Address, "/health"), new Uri(app.ApiAddress, "/alive") })
        {
            (await http.GetAsync(check, TestContext.Current.CancellationToken)).Dispose();
        }

        // The same pipeline traces other requests of both kinds.
        (await http.GetAsync(new Uri(web.Address, "/Account/Login"), TestContext.Current.CancellationToken)).Dispose();
        (await http.GetAsync(new Uri(app.ApiAddress, "/api/users/me"), TestContext.Current.CancellationToken)).Dispose();
        var traced = await spans.WaitUntilAsync(all =>
            all.Any(s => PathOf(s) == "/Account/Login" && s.Kind == ActivityKind.Server)
            && all.Any(s => PathOf(s) == "/api/users/me" && s.Kind == ActivityKind.Client));

        Assert.DoesNotContain(traced, s => PathOf(s) is "/health" or "/alive");
    }

    private static string? PathOf(Activity span) =>
        span.GetTagItem("url.path") as string
        ?? (span.GetTagItem("url.full") is string url ? new Uri(url).AbsolutePath : null);
}
