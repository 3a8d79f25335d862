using System.Globalization;

var builder = DistributedApplication.CreateBuilder(args);

// Redis keeps the API replicas coherent: SignalR backplane and presence. A container by default;
// `--Redis:Mode executable` runs redis-server from PATH instead, where no container runtime is wanted.
IResourceBuilder<IResourceWithConnectionString> cache;
IResourceBuilder<IResource> cacheServer;
if (builder.Configuration["Redis:Mode"] == "executable")
{
    var port = builder.Configuration.GetValue("Redis:Port", 6380).ToString(CultureInfo.InvariantCulture);
    cacheServer = builder.AddExecutable(
        "cache-server", "redis-server", builder.AppHostDirectory,
        "--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no");
    cache = builder.AddConnectionString("cache", ReferenceExpression.Create($"localhost:{port}"));
}
else
{
    var redis = builder.AddRedis("cache");
    (cache, cacheServer) = (redis, redis);
}

// SQLite by default, in the repository's data folder (ignored by git), as the Launcher has it.
var databasePath = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "data", "chatbot.db"));
var chatdb = builder.AddConnectionString("chatdb", ReferenceExpression.Create($"Data Source={databasePath}"));

// Applies the EF Core migrations (and the API's first Data Protection key), then exits.
var migrations = builder.AddProject<Projects.ChatBot_MigrationWorker>("migrations")
    .WithReference(chatdb);

var apiService = builder.AddProject<Projects.ChatBot_ApiService>("apiservice")
    .WithReference(chatdb)
    .WithReference(cache)
    .WaitFor(cacheServer)
    .WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health")
    .WithReplicas(2);

builder.AddProject<Projects.ChatBot_Web>("webfrontend")
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithReference(apiService)
    .WaitFor(apiService);

builder.Build().Run();
