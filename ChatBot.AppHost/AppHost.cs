using ChatBot.AppHost.Topology;

// The services speak plain HTTP on loopback: WithoutHttpsCertificate (experimental) tells Aspire they need
// no development certificate, so it neither asks for one nor flags its absence on every start.
#pragma warning disable ASPIRECERTIFICATES001

var builder = DistributedApplication.CreateBuilder(args);

// What runs is chosen in the configuration: `dotnet run --project ChatBot.AppHost -- --ApiReplicas 2` (see the README).
TopologyOptions topology;
ChatDatabase chatdb;
IResourceBuilder<IResourceWithConnectionString>? cache;
try
{
    topology = TopologyOptions.Read(builder.Configuration, builder.AppHostDirectory);
    chatdb = builder.AddChatDatabase(topology);
    cache = topology.UsesRedis ? builder.AddChatCache(topology, "cache") : null;
}
catch (TopologyException problem)
{
    // A choice that cannot be met stops here, with one line that says why: never a silent wait.
    Console.Error.WriteLine($"ChatBot.AppHost: {problem.Message}");
    return 1;
}

// Applies the EF Core migrations (and the API's first Data Protection key), then exits.
var migrations = builder.AddProject<Projects.ChatBot_MigrationWorker>("migrations")
    .WithoutHttpsCertificate()
    .WithChatDatabase(chatdb);

// One resource per replica, each at an address of its own (not WithReplicas, whose shared proxy would send a
// SignalR connection's negotiation and its WebSocket to different replicas).
var api = Enumerable.Range(1, topology.ApiReplicas)
    .Select(replica => builder.AddProject<Projects.ChatBot_ApiService>(topology.ApiReplicaName(replica))
        .WithEndpoint("http", endpoint => endpoint.Port = null)
        .WithoutHttpsCertificate()
        .WithChatDatabase(chatdb)
        .WithCache(cache)
        .WaitForCompletion(migrations)
        .WithHttpHealthCheck("/health"))
    .ToList();

// Not behind DCP's proxy, which would hide every browser's address behind its own: the front end limits
// sign-ins and logs security events by the browser's address.
builder.AddProject<Projects.ChatBot_Web>("webfrontend")
    .WithEndpoint("http", endpoint =>
    {
        endpoint.Port = topology.WebPort;
        endpoint.IsProxied = false;
    })
    .WithoutHttpsCertificate()
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithCache(cache)
    .WithApiReplicas(api)
    .WithUrlForEndpoint("http", url => url.DisplayText = "Chat")
    .AnnounceWhenReady();

builder.Build().Run();
return 0;
