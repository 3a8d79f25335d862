using ChatBot.ApiService;
using ChatBot.ApiService.Auth;
using ChatBot.ApiService.Conversations;
using ChatBot.ApiService.Files;
using ChatBot.ApiService.Groups;
using ChatBot.ApiService.Hubs;
using ChatBot.ApiService.Limits;
using ChatBot.ApiService.Messages;
using ChatBot.ApiService.Search;
using ChatBot.ApiService.Security;
using ChatBot.ApiService.Users;
using ChatBot.Data;
using ChatBot.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddChatDbContext();
builder.AddApiServices();

var app = builder.Build();

app.UseForwardedHeaders();
app.UseNoStore();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();

app.MapAuthApi();
app.MapSessionsApi();
app.MapUsersApi();
app.MapConversationsApi();
app.MapGroupsApi();
app.MapMessagesApi();
app.MapSearchApi();
app.MapFilesApi();
app.MapLimitsApi();
app.MapChatHub();
app.MapDefaultEndpoints();

app.Run();
