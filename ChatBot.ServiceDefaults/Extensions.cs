using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Http.Resilience;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Polly;

namespace Microsoft.Extensions.Hosting;

// Adds common Aspire services: service discovery, resilience, health checks, and OpenTelemetry.
// This project should be referenced by each service project in the solution.
public static class Extensions
{
    private const string HealthEndpointPath = "/health";
    private const string AlivenessEndpointPath = "/alive";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();

        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();

        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // Turn on resilience by default; but a request that changes something (a sign-in, any POST) is never
            // sent twice, and "too many requests" is an answer for the caller to pass on, not a failure to retry
            // or to count against the service: repeating it spends more of the caller's allowance. A request that
            // found no connection was never sent: it goes again, to the service's next replica, and says nothing of
            // the service's health (with one replica of three down, the circuit would open for all three).
            http.AddStandardResilienceHandler(options =>
            {
                options.Retry.ShouldHandle = args => ValueTask.FromResult(
                    IsFailure(args.Outcome) && (NeverSent(args.Outcome) || IsSafe(args.Context.GetRequestMessage())));
                options.Retry.DelayGenerator = args => ValueTask.FromResult(NeverSent(args.Outcome) ? TimeSpan.Zero : (TimeSpan?)null);
                options.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome) && !NeverSent(args.Outcome));
            });

            // Turn on service discovery by default
            http.AddServiceDiscovery();
        });

        return builder;
    }

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    // The service's own meter, and SignalR's connection metrics
                    .AddMeter(builder.Environment.ApplicationName)
                    .AddMeter("Microsoft.AspNetCore.Http.Connections");
            });

        // Spans are only made when something exports them: with nowhere to go, each hub invocation and request
        // would still pay for making its activities.
        if (ExportsTelemetry(builder))
        {
            telemetry.WithTracing(tracing =>
            {
                tracing.AddSource(builder.Environment.ApplicationName)
                    // One span per hub method invocation
                    .AddSource("Microsoft.AspNetCore.SignalR.Server")
                    // Exclude health check requests from tracing: those answered, and those sent (a proxy's
                    // probes of its destinations), or every few seconds would start a trace.
                    .AddAspNetCoreInstrumentation(tracing =>
                        tracing.Filter = context => !IsHealthCheck(context.Request.Path))
                    .AddHttpClientInstrumentation(tracing =>
                        tracing.FilterHttpRequestMessage = request => !IsHealthCheck(request.RequestUri?.AbsolutePath));
            });
        }

        builder.AddOpenTelemetryExporters();

        return builder;
    }

    private static bool IsFailure(Outcome<HttpResponseMessage> outcome) =>
        HttpClientResiliencePredicates.IsTransient(outcome) && outcome.Result?.StatusCode != HttpStatusCode.TooManyRequests;

    private static bool NeverSent(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError };

    private static bool IsSafe(HttpRequestMessage? request) =>
        request is not null && (request.Method == HttpMethod.Get || request.Method == HttpMethod.Head || request.Method == HttpMethod.Options);

    private static bool ExportsTelemetry(IHostApplicationBuilder builder) =>
        !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

    private static bool IsHealthCheck(PathString path) =>
        path.StartsWithSegments(HealthEndpointPath) || path.StartsWithSegments(AlivenessEndpointPath);

    private static TBuilder AddOpenTelemetryExporters<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (ExportsTelemetry(builder))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            // Add a default liveness check to ensure app is responsive
            .AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);

        return builder;
    }

    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // All health checks must pass for app to be considered ready to accept traffic after starting
        app.MapHealthChecks(HealthEndpointPath);

        // Only health checks tagged with the "live" tag must pass for app to be considered alive
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains("live")
        });

        return app;
    }
}
