using ChatBot.ApiService;
using ChatBot.ApiService.Auth;
using ChatBot.ApiService.Conversations;
using ChatBot.ApiService.Hubs;
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
app.MapMessagesApi();
app.MapHub<ChatHub>("/hubs/chat");
app.MapDefaultEndpoints();

app.Run();
