using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;

namespace EGov.Biometrics.Benchmarks.Load;

/// <summary>
/// A closed loop of <c>clients</c> callers, each sending its next request when its last one returns, for a warm-up
/// and then a measured window: only requests that start inside the window count (latency percentiles, throughput).
/// The window stays open past <c>duration</c> until as many requests as there are clients have started in it, so a
/// level whose calls are slower than its window (a loaded machine) reports a slow rate rather than none, and the rate
/// divides by the window as it was. A call returning false or failing with an <see cref="RpcException"/> is an error.
/// The load benchmark's levels and the cluster benchmark's runs are measured alike.
/// </summary>
public static class ClosedLoop
{
    public static async Task<LoadLevel> RunAsync(string probe, int clients, TimeSpan warmup, TimeSpan duration, Func<int, long, Task<bool>> call)
    {
        var latencies = new ConcurrentBag<double[]>();
        long errors = 0, requests = 0, sequence = 0, startedInWindow = 0;
        long closedAtTicks = 0; // when the window closed past `duration`, as ticks since `started`; 0 while it has not
        var started = Stopwatch.GetTimestamp();
        var measureTo = warmup + duration;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var mine = new List<double>(4096);
            while (true)
            {
                var begin = Stopwatch.GetTimestamp();
                var at = Stopwatch.GetElapsedTime(started, begin);
                if (at >= measureTo && Interlocked.Read(ref startedInWindow) >= clients)
                {
                    Interlocked.CompareExchange(ref closedAtTicks, at.Ticks, 0);
                    break;
                }

                if (at >= warmup)
                {
                    Interlocked.Increment(ref startedInWindow);
                }

                bool ok;
                try
                {
                    ok = await call(client, Interlocked.Increment(ref sequence));
                }
                catch (RpcException)
                {
                    ok = false;
                }

                if (at >= warmup)
                {
                    mine.Add(Stopwatch.GetElapsedTime(begin).TotalMilliseconds);
                    Interlocked.Increment(ref requests);
                    if (!ok)
                    {
                        Interlocked.Increment(ref errors);
                    }
                }
            }

            latencies.Add([.. mine]);
        })));
        var all = latencies.SelectMany(l => l).Order().ToArray();
        var window = Math.Max(duration.TotalSeconds, TimeSpan.FromTicks(closedAtTicks).TotalSeconds - warmup.TotalSeconds);
        return new LoadLevel(probe, clients, requests, errors, requests / window, Percentile(all, 0.50), Percentile(all, 0.99), 1.0);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
