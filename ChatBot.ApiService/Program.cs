using ChatBot.ApiService;
using ChatBot.ApiService.Auth;
using ChatBot.ApiService.Conversations;
using ChatBot.ApiService.Groups;
using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Limits;
using ChatBot.ApiService.Messages;
using ChatBot.ApiService.Users;
using ChatBot.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddChatDbContext();
builder.AddApiServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapAuthApi();
app.MapUsersApi();
app.MapConversationsApi();
app.MapGroupsApi();
app.MapMessagesApi();
app.MapLimitsApi();
// Stateful reconnect replays what a brief drop lost; delivery never depends on it: the database sequence does.
app.MapHub<ChatHub>("/hubs/chat", hub => hub.AllowStatefulReconnects = true);
app.MapDefaultEndpoints();

app.Run();
