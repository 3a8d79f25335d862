using ChatBot.Data;
using ChatBot.MigrationWorker;

// Settings ship beside the binary: the worker runs the same from any directory.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});

builder.AddServiceDefaults();
builder.AddChatDbContext();

builder.Services.AddHostedService<DatabaseMigrator>();
builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(DatabaseMigrator.ActivitySourceName));

builder.Build().Run();
