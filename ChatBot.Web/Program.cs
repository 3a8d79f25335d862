using ChatBot.Web;
using ChatBot.Web.Proxy;
using ChatBot.Web.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddWebServices();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

app.UseExceptionHandler("/Error");
app.UseSecurityHeaders();
app.UseAuthentication();
app.UseAuthorization();

app.MapStaticAssets();
app.MapRazorPages().WithStaticAssets();
app.UseWebSockets();
app.MapApiProxy();
app.MapHubRelay();
app.MapDefaultEndpoints();

app.Run();
