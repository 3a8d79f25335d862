namespace ChatBot.Tests.Infrastructure;

/// <summary>What a client has received of one kind of event, in order; tests await conditions on it.</summary>
public sealed class EventLog<T>
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);

    private readonly List<T> _items = [];
    private readonly List<(Func<IReadOnlyList<T>, bool> Condition, TaskCompletionSource Met)> _waiters = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<T> Items
    {
        get
        {
            lock (_lock)
            {
                return [.. _items];
            }
        }
    }

    public void Add(T item)
    {
        lock (_lock)
        {
            _items.Add(item);
            foreach (var waiter in _waiters.Where(w => w.Condition(_items)).ToList())
            {
                waiter.Met.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>Completes as soon as the events received so far satisfy <paramref name="condition"/>.</summary>
    public async Task<IReadOnlyList<T>> WaitUntilAsync(Func<IReadOnlyList<T>, bool> condition, TimeSpan? timeout = null)
    {
        var met = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (condition(_items))
            {
                return [.. _items];
            }

            _waiters.Add((condition, met));
        }

        try
        {
            await met.Task.WaitAsync(timeout ?? DefaultTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The expected {typeof(T).Name} events did not arrive; received: {Items.Count}.");
        }

        return Items;
    }

    public async Task<T> WaitForAsync(Func<T, bool> predicate, TimeSpan? timeout = null) =>
        (await WaitUntilAsync(items => items.Any(predicate), timeout)).First(predicate);

    public Task<IReadOnlyList<T>> WaitForCountAsync(int count, TimeSpan? timeout = null) =>
        WaitUntilAsync(items => items.Count >= count, timeout);
}
