using Microsoft.Extensions.Time.Testing;

namespace EGov.Biometrics.Edge.Tests;

/// <summary>
/// Runs code that waits on a <see cref="FakeTimeProvider"/>: the fake clock moves on in small steps until
/// the awaited task completes. What the tests assert depends only on the fake clock, never on how long the
/// machine took; a hard cap on steps turns a hang into a failure.
/// </summary>
public static class FakeClock
{
    public static DateTimeOffset Start { get; } = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Create() => new(Start);

    public static async Task<T> AdvanceUntil<T>(this FakeTimeProvider clock, Task<T> task, TimeSpan step, int maxSteps = 20_000)
    {
        for (var i = 0; !task.IsCompleted; i++)
        {
            if (i == maxSteps)
            {
                throw new TimeoutException($"Still waiting after {maxSteps} steps of {step} on the fake clock.");
            }

            // A real pause lets thread-pool continuations (file reads, decodes) reach their next timer.
            await Task.Delay(1);
            if (!task.IsCompleted)
            {
                clock.Advance(step);
            }
        }

        return await task;
    }

    /// <summary>The next item of an async enumeration, moving the fake clock while it is awaited.</summary>
    public static Task<bool> MoveNext<T>(this FakeTimeProvider clock, IAsyncEnumerator<T> enumerator, TimeSpan step) =>
        clock.AdvanceUntil(enumerator.MoveNextAsync().AsTask(), step);
}
