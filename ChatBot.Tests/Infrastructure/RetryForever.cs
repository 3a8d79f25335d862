using Microsoft.AspNetCore.SignalR.Client;

namespace ChatBot.Tests.Infrastructure;

/// <summary>Reconnects every 100–300 ms for as long as it takes, as the browser's client never gives up.</summary>
public sealed class RetryForever : IRetryPolicy
{
    public TimeSpan? NextRetryDelay(RetryContext retryContext) => TimeSpan.FromMilliseconds(100 + Random.Shared.Next(200));
}
