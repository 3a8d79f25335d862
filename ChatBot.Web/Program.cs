using ChatBot.ServiceDefaults;
using ChatBot.Web;
using ChatBot.Web.Proxy;
using ChatBot.Web.Security;

var builder = WebApplication.CreateBuilder(args);

// Run from a build output, the compressed variants of wwwroot live in obj/: this maps them in every
// environment, not only in Development. A published app has them beside wwwroot, and this does nothing.
builder.WebHost.UseStaticWebAssets();

builder.AddServiceDefaults();
builder.AddWebServices();

var app = builder.Build();

app.UseForwardedHeaders();
app.UseNoStore();

if (Https.IsServed(app.Configuration))
{
    app.UseHsts();
    app.UseHttpsRedirection();
}

app.UseExceptionHandler("/Error");
app.UseSecurityHeaders();
app.UseWebSockets();
app.UseAuthentication();
app.UseAuthorization();

app.MapStaticAssets();
app.MapRazorPages().WithStaticAssets();
app.MapApiProxy();
app.MapDefaultEndpoints();

app.Run();
