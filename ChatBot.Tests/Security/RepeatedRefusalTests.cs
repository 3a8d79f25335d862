using ChatBot.ApiService.Security;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace ChatBot.Tests.Security;

/// <summary>
/// A client looping on a refusal is logged once in full, then by a count: the security log stays readable,
/// and the replica does not spend its time writing it.
/// </summary>
public sealed class RepeatedRefusalTests : IDisposable
{
    private readonly FakeLogger<SecurityEvents> _logger = new();
    private readonly FakeTimeProvider _clock = new();
    private readonly SecurityEvents _events;

    public RepeatedRefusalTests() => _events = new SecurityEvents(_logger, _clock);

    private static string Repeated(int count, string what) =>
        $"Repeated {count} more times within {SecurityEvents.RepeatWindow.TotalSeconds} s of the first: {what}";

    [Fact]
    public void ARefusalRepeatedByOnePersonIsLoggedOnceThenCountedWhenItsWindowIsOver()
    {
        for (var hit = 0; hit < 500; hit++)
        {
            _events.QuotaHit("Typing", "ann", "127.0.0.5");
        }

        var withinTheWindow = Lines();
        _clock.Advance(SecurityEvents.RepeatWindow);

        Assert.Equal(["Quota hit: Typing of user ann, from 127.0.0.5"], withinTheWindow);
        Assert.Equal(
            ["Quota hit: Typing of user ann, from 127.0.0.5", Repeated(499, "QuotaHit of ann (Typing), from 127.0.0.5")],
            Lines());
    }

    [Fact]
    public void ARefusalAfterItsWindowIsLoggedInFullAgainAfterTheCountOfTheLastOne()
    {
        _events.ConversationAccessRefused("ann", Guid.Empty, "127.0.0.5");
        _events.ConversationAccessRefused("ann", Guid.Empty, "127.0.0.5");
        _clock.Advance(SecurityEvents.RepeatWindow - TimeSpan.FromSeconds(1));
        _events.ConversationAccessRefused("ann", Guid.Empty, "127.0.0.5");
        _clock.Advance(TimeSpan.FromSeconds(1));
        _events.ConversationAccessRefused("ann", Guid.Empty, "127.0.0.5");

        var refused = $"Access refused: user ann to conversation {Guid.Empty}, from 127.0.0.5";
        Assert.Equal([refused, Repeated(2, $"ConversationAccessRefused of ann ({Guid.Empty}), from 127.0.0.5"), refused], Lines());
    }

    [Fact]
    public void EachPersonAndEachRefusalHasARunOfItsOwn()
    {
        var conversation = Guid.NewGuid();

        _events.QuotaHit("Typing", "ann", "127.0.0.5");
        _events.QuotaHit("MarkRead", "ann", "127.0.0.5");
        _events.QuotaHit("Typing", "ben", "127.0.0.6");
        _events.ConversationAccessRefused("ann", conversation, "127.0.0.5");
        _events.ConversationAccessRefused("ann", Guid.Empty, "127.0.0.5");
        _events.HubConnectionRefused("a connection token negotiated by someone else", "ann", "127.0.0.5");

        Assert.Equal(
            [
                "Quota hit: Typing of user ann, from 127.0.0.5",
                "Quota hit: MarkRead of user ann, from 127.0.0.5",
                "Quota hit: Typing of user ben, from 127.0.0.6",
                $"Access refused: user ann to conversation {conversation}, from 127.0.0.5",
                $"Access refused: user ann to conversation {Guid.Empty}, from 127.0.0.5",
                "Hub connection refused: a connection token negotiated by someone else; user ann, from 127.0.0.5",
            ],
            Lines());
    }

    [Fact]
    public void RunsStillOpenAreCountedWhenTheServerStops()
    {
        _events.SignInThrottled("sign-in", "127.0.0.9");
        _events.SignInThrottled("sign-in", "127.0.0.9");

        _events.Dispose();

        Assert.Equal(
            ["Sign-in throttled: the sign-in limit, from 127.0.0.9", Repeated(1, "SignInThrottled of 127.0.0.9 (sign-in), from 127.0.0.9")],
            Lines());
    }

    public void Dispose() => _events.Dispose();

    private List<string> Lines() => [.. _logger.Collector.GetSnapshot().Select(record => record.Message)];
}
