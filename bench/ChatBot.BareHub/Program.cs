// The benchmark's bound (bench/run.sh): a bare SignalR hub of the chat's shape. It accepts the API's bearer
// tokens (the same Data Protection key ring, in the database), numbers each message in memory, and sends it
// to the same devices the chat does; it stores nothing and checks no membership. What the chat spends above
// this is the price of keeping its promises.
using ChatBot.BareHub;
using ChatBot.Data;
using Microsoft.AspNetCore.Identity;

var builder = WebApplication.CreateBuilder(args);
builder.AddChatDbContext();
builder.Services.AddChatDataProtection();
builder.Services.AddAuthentication(IdentityConstants.BearerScheme).AddBearerToken(IdentityConstants.BearerScheme);
builder.Services.AddAuthorization();
builder.Services.AddSingleton<Members>();
builder.Services.AddSignalR().AddMessagePackProtocol();

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.MapHub<BareChatHub>("/hubs/chat");
app.MapGet("/alive", () => "alive");
app.Run();
