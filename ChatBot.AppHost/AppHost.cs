var builder = DistributedApplication.CreateBuilder(args);

// SQLite by default, in the repository's data folder (ignored by git), as the Launcher has it.
var databasePath = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "data", "chatbot.db"));
var chatdb = builder.AddConnectionString("chatdb", ReferenceExpression.Create($"Data Source={databasePath}"));

// Applies the EF Core migrations, then exits; the API starts only once it has succeeded.
var migrations = builder.AddProject<Projects.ChatBot_MigrationWorker>("migrations")
    .WithReference(chatdb);

var apiService = builder.AddProject<Projects.ChatBot_ApiService>("apiservice")
    .WithReference(chatdb)
    .WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.ChatBot_Web>("webfrontend")
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithReference(apiService)
    .WaitFor(apiService);

builder.Build().Run();
