using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Service.Galleries;
using EGov.Biometrics.Service.Probes;

namespace EGov.Biometrics.Service.Tests;

/// <summary>
/// Every write (enrolment, batch, deletion) runs under the service's write lock, the one a cluster makes span its silos:
/// none of them may check for duplicates or commit outside it, and two never overlap.
/// </summary>
public sealed class WriteLockTests : IDisposable
{
    private readonly CountingLock _lock = new();
    private readonly Domain _domain;

    public WriteLockTests() => _domain = new Domain(writeLock: _lock);

    public void Dispose() => _domain.Dispose();

    [Fact]
    public async Task Enrolments_batches_and_deletions_take_the_injected_lock_one_at_a_time()
    {
        var enrolments = Enumerable.Range(0, 6).Select(n =>
            _domain.Service.EnrollAsync(new EnrollCommand($"7000000000000{n}", [Domain.Template(Domain.Unit(300 + n))], DuplicateHandling.Reject), Domain.Admin));
        var batch = _domain.Batches.EnrollAsync(
            new EnrollBatchCommand([new EnrollBatchItem("k-1", "71000000000001", [new ImageProbe(_domain.Analyzer.Image("b", Domain.Unit(400)))])]), Domain.Enroller);
        await Task.WhenAll([.. enrolments, batch]);
        await _domain.Service.DeleteAsync("70000000000000", Domain.Admin);

        Assert.Equal(8, _lock.Acquired);
        Assert.Equal(1, _lock.MostHeldAtOnce);
        Assert.NotNull(_domain.Registry.Get("71000000000001"));
        Assert.Null(_domain.Registry.Get("70000000000000"));
    }

    /// <summary>The process lock, counting the writers it let in and how many were inside together.</summary>
    private sealed class CountingLock : IWriteLock
    {
        private readonly ProcessWriteLock _inner = new();
        private int _held;
        private int _acquired;
        private int _most;

        public int Acquired => _acquired;

        public int MostHeldAtOnce => _most;

        public async Task<IAsyncDisposable> AcquireAsync(CancellationToken cancel = default)
        {
            var inner = await _inner.AcquireAsync(cancel);
            Interlocked.Increment(ref _acquired);
            var now = Interlocked.Increment(ref _held);
            InterlockedMax(ref _most, now);
            await Task.Yield();
            return new Release(this, inner);
        }

        private static void InterlockedMax(ref int target, int value)
        {
            for (var seen = target; value > seen; seen = target)
            {
                Interlocked.CompareExchange(ref target, value, seen);
            }
        }

        private sealed class Release(CountingLock owner, IAsyncDisposable inner) : IAsyncDisposable
        {
            public ValueTask DisposeAsync()
            {
                Interlocked.Decrement(ref owner._held);
                return inner.DisposeAsync();
            }
        }
    }
}
