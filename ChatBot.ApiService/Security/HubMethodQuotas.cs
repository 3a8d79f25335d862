using ChatBot.ApiService.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace ChatBot.ApiService.Security;

/// <summary>A per-person quota on every hub method (<see cref="PersonQuotas"/>).</summary>
public sealed class HubMethodQuotas(PersonQuotas quotas, IOptions<RateLimitOptions> options) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var method = invocation.HubMethodName;
        if (QuotaOf(method) is { } quota
            && await quotas.TakeAsync(method, quota, invocation.Context.UserIdentifier!, invocation.Context.GetHttpContext(), seconds =>
                method == nameof(ChatHub.SendMessage)
                    ? $"You are sending too fast; wait {seconds} s and try again."
                    : $"Too many {method} calls; wait {seconds} s and try again.") is { } refused)
        {
            throw refused.ToHubException();
        }

        return await next(invocation);
    }

    private Quota? QuotaOf(string method) => method == nameof(ChatHub.SendMessage)
        ? new Quota { PermitsPerSecond = options.Value.SendPermitsPerSecond, Burst = options.Value.SendBurst }
        : options.Value.HubMethods.GetValueOrDefault(method);
}
