using ChatBot.ApiService.Refusals;
using Microsoft.AspNetCore.SignalR;

namespace ChatBot.ApiService.Hubs;

/// <summary>
/// Logs what hub methods throw by what it means, and answers every failure with a coded refusal. SignalR
/// itself logs every exception a hub method throws as an error with its stack trace, the refusals of bad
/// input (a <see cref="HubException"/>, whose message the caller gets) included; here those are debug
/// notes, and the unexpected are errors, answered <c>server_error</c> (SignalR would send them uncoded).
/// </summary>
public sealed partial class HubErrorLogging(ILogger<HubErrorLogging> logger) : IHubFilter
{
    /// <summary>The categories whose error logs this filter takes over: hub methods', and connects'.</summary>
    public const string DispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";
    public const string ConnectionHandlerCategory = "Microsoft.AspNetCore.SignalR.HubConnectionHandler";

    private static readonly Refusal ServerError = new(RefusalCodes.ServerError, "Something went wrong on our side. Try again in a moment.");

    public async ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocation);
        }
        catch (HubException refusal)
        {
            LogRefused(logger, invocation.HubMethodName, refusal.Message);
            throw;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailed(logger, exception, invocation.HubMethodName);
            throw ServerError.ToHubException();
        }
    }

    /// <summary>A connection refused as it connects is closed with the refusal; anything else, with <c>server_error</c>.</summary>
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        try
        {
            await next(context);
        }
        catch (HubException refusal)
        {
            LogRefused(logger, "Connecting", refusal.Message);
            throw;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailed(logger, exception, "Connecting");
            throw ServerError.ToHubException();
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string method, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string method);
}
