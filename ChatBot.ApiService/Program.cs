using ChatBot.ApiService;
using ChatBot.ApiService.Auth;
using ChatBot.ApiService.Conversations;
using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Limits;
using ChatBot.ApiService.Messages;
using ChatBot.ApiService.Security;
using ChatBot.ApiService.Users;
using ChatBot.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddChatDbContext();
builder.AddApiServices();

var app = builder.Build();

app.UseNoStore();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

app.MapAuthApi();
app.MapSessionsApi();
app.MapUsersApi();
app.MapConversationsApi();
app.MapMessagesApi();
app.MapLimitsApi();
// Stateful reconnect replays what a brief drop lost; delivery never depends on it: the database sequence does.
// A connection ends when its access token expires (the client reconnects with a fresh one) or its session does.
app.MapHub<ChatHub>("/hubs/chat", hub =>
{
    hub.AllowStatefulReconnects = true;
    hub.CloseOnAuthenticationExpiration = true;
});
app.MapDefaultEndpoints();

app.Run();
