using System.Diagnostics;
using EGov.Biometrics.Benchmarks.Load;

namespace EGov.Biometrics.Benchmarks.Tests;

/// <summary>
/// The closed loop's window: what it counts, and what it does when calls are slower than the window. Bounds on the
/// rate come from the run's own elapsed time, because a test host can stall a call for most of a second.
/// </summary>
public sealed class ClosedLoopTests
{
    [Fact]
    public async Task Calls_slower_than_the_window_keep_it_open_until_as_many_have_started_as_there_are_clients()
    {
        // Every call takes 300 ms against a 50 ms warm-up and a 50 ms window: no call can both start and end inside the
        // window, so it waits for one started call per client instead of closing on none (which a loaded CI machine
        // once turned into "crop at 4 clients served nothing").
        var clock = Stopwatch.StartNew();
        var level = await ClosedLoop.RunAsync("slow", 2, TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(50), async (_, _) =>
        {
            await Task.Delay(300);
            return true;
        });
        var elapsed = clock.Elapsed.TotalSeconds;

        // Two when both clients' calls in the window start together; three if one is late and the other has started again.
        Assert.InRange(level.Requests, 2, 3);
        Assert.Equal(0, level.Errors);
        Assert.InRange(level.P50Ms, 290, elapsed * 1000);

        // The rate divides by the window as it was: it closes only once a call started in it has returned, so it lasts at
        // least one call (a timer may fire a millisecond or two early), not the 50 ms asked for, which would claim 40 calls
        // a second.
        Assert.InRange(level.RequestsPerSecond, level.Requests / (elapsed - 0.05), level.Requests / 0.29);
    }

    [Fact]
    public async Task Only_calls_started_inside_the_window_count_and_failures_are_errors()
    {
        long calls = 0, warmUpCalls = 0;
        var clock = Stopwatch.StartNew();
        var level = await ClosedLoop.RunAsync("fast", 1, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300), async (_, sequence) =>
        {
            // This clock started first, so a call it sees start inside the first 200 ms is one of the warm-up's.
            if (clock.Elapsed < TimeSpan.FromMilliseconds(200))
            {
                Interlocked.Increment(ref warmUpCalls);
            }

            Interlocked.Increment(ref calls);
            await Task.Delay(10);
            return sequence % 2 == 0;
        });
        var elapsed = clock.Elapsed.TotalSeconds;

        Assert.InRange(level.Requests, 1, Interlocked.Read(ref calls) - Interlocked.Read(ref warmUpCalls)); // the warm-up's calls ran and were left out
        Assert.InRange(level.Errors, level.Requests / 2, (level.Requests + 1) / 2); // every odd call failed
        Assert.InRange(level.RequestsPerSecond, level.Requests / (elapsed - 0.2), level.Requests / 0.3);
    }
}
