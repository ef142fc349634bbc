using EGov.Biometrics.Matching.Gallery;

namespace EGov.Biometrics.Matching.Storage;

/// <summary>
/// Runs a body for blocks 0…count-1 on a fixed number of long-lived workers that take the next block in
/// turn, each with its own state made once. Parallel.For would do the work, but its workers are replaced as
/// they block on the disk, and each replacement makes its state anew (buffers of tens of megabytes).
/// </summary>
internal static class BlockWorkers
{
    public static void Run<TState>(int count, int workers, Func<TState> create, Action<int, TState> body)
        where TState : IDisposable
    {
        var next = -1;
        var tasks = Enumerable.Range(0, Math.Max(1, Math.Min(workers, count))).Select(_ => Task.Factory.StartNew(
            () =>
            {
                using var state = create();
                for (var block = Interlocked.Increment(ref next); block < count; block = Interlocked.Increment(ref next))
                {
                    body(block, state);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        ParallelErrors.Unwrap(() => Task.WaitAll(tasks));
    }
}
