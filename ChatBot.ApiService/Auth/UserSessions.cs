using ChatBot.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ChatBot.ApiService.Auth;

public enum RefreshOutcome
{
    /// <summary>The token was the current one: the session moves to the next generation.</summary>
    Rotated,

    /// <summary>The token was an old one, so two parties hold the session: it is revoked for both.</summary>
    Reused,

    /// <summary>The session was revoked or has expired.</summary>
    Ended,
}

/// <summary>
/// Sessions on the server: sign-in starts one, each refresh moves it to its next refresh token, and logging
/// out, logging out everywhere or reusing a refresh token ends it. Whether a session is still active is asked
/// on every request and hub connect: the answer is cached briefly, and dropped as soon as the session ends.
/// </summary>
public sealed class UserSessions
{
    private static readonly TimeSpan CheckCachedFor = TimeSpan.FromSeconds(30);

    private readonly IDbContextFactory<ChatDbContext> _contexts;
    private readonly IMemoryCache _cache;
    private readonly SessionEndings _endings;
    private readonly IOptions<SessionOptions> _options;
    private readonly TimeProvider _time;

    public UserSessions(
        IDbContextFactory<ChatDbContext> contexts,
        IMemoryCache cache,
        SessionEndings endings,
        IOptions<SessionOptions> options,
        TimeProvider time)
    {
        (_contexts, _cache, _endings, _options, _time) = (contexts, cache, endings, options, time);
        // Sessions ended here or, over Redis, on another replica.
        endings.Ended += sessionId => _cache.Remove(Key(sessionId));
    }

    public async Task<UserSession> StartAsync(string userId, CancellationToken cancellationToken)
    {
        var now = StoredTime.UtcNow(_time);
        var session = new UserSession
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            CreatedAt = now,
            ExpiresAt = now + _options.Value.AbsoluteLifetime,
        };
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        db.UserSessions.Add(session);
        await db.SaveChangesAsync(cancellationToken);
        return session;
    }

    /// <summary>Spends the refresh token of <paramref name="generation"/>: once, and only while it is the current one.</summary>
    public async Task<RefreshOutcome> RefreshAsync(Guid sessionId, string userId, int generation, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var ofThisUser = db.UserSessions.Where(s => s.Id == sessionId && s.UserId == userId && s.RevokedAt == null);
        var rotated = await ofThisUser
            .Where(s => s.RefreshGeneration == generation && s.ExpiresAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RefreshGeneration, generation + 1), cancellationToken);
        if (rotated == 1)
        {
            return RefreshOutcome.Rotated;
        }

        var revoked = await ofThisUser
            .Where(s => s.RefreshGeneration > generation)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), cancellationToken);
        if (revoked == 0)
        {
            return RefreshOutcome.Ended;
        }

        await _endings.AnnounceAsync([sessionId]);
        return RefreshOutcome.Reused;
    }

    public async ValueTask<bool> IsActiveAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        if (!_cache.TryGetValue(Key(sessionId), out DateTimeOffset activeUntil))
        {
            await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
            activeUntil = await db.UserSessions
                .Where(s => s.Id == sessionId && s.RevokedAt == null)
                .Select(s => (DateTimeOffset?)s.ExpiresAt)
                .SingleOrDefaultAsync(cancellationToken) ?? DateTimeOffset.MinValue;
            _cache.Set(Key(sessionId), activeUntil, CheckCachedFor);
        }

        // Compared with the app's clock, not kept until then: the cache's own clock is another one.
        return _time.GetUtcNow() < activeUntil;
    }

    public async Task<UserSession?> FindActiveAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        return await db.UserSessions.Include(s => s.User)
            .SingleOrDefaultAsync(s => s.Id == sessionId && s.RevokedAt == null && s.ExpiresAt > now, cancellationToken);
    }

    public async Task RevokeAsync(Guid sessionId, CancellationToken cancellationToken)
    {
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        await db.UserSessions
            .Where(s => s.Id == sessionId && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, _time.GetUtcNow()), cancellationToken);
        await _endings.AnnounceAsync([sessionId]);
    }

    /// <returns>The sessions that were active until now.</returns>
    public async Task<List<Guid>> RevokeAllAsync(string userId, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        await using var db = await _contexts.CreateDbContextAsync(cancellationToken);
        var active = db.UserSessions.Where(s => s.UserId == userId && s.RevokedAt == null && s.ExpiresAt > now);
        var ended = await active.Select(s => s.Id).ToListAsync(cancellationToken);
        await db.UserSessions
            .Where(s => s.UserId == userId && s.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), cancellationToken);
        await _endings.AnnounceAsync(ended);
        return ended;
    }

    private static (Type, Guid) Key(Guid sessionId) => (typeof(UserSessions), sessionId);
}
