namespace ChatBot.ApiService.Security;

/// <summary>Each person's open hub connections, counted across every replica (Redis) or on the one replica there is (memory).</summary>
public interface IConnectionCounter
{
    /// <summary>Counts the connection in, unless the person has <paramref name="max"/> open already.</summary>
    Task<bool> TryAddAsync(string userId, string connectionId, int max);

    Task RemoveAsync(string userId, string connectionId);
}
