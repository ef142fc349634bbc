namespace EGov.Biometrics.Service.Galleries;

/// <summary>
/// Enrolments and deletions one at a time, so that a duplicate check, its registry commit and the gallery change are
/// never interleaved with another's: within the process on one node (<see cref="ProcessWriteLock"/>), across every
/// silo in a cluster (two silos checking the same face at once would both find no duplicate).
/// </summary>
public interface IWriteLock
{
    /// <summary>Waits for the lock; disposing what it returns releases it.</summary>
    Task<IAsyncDisposable> AcquireAsync(CancellationToken cancel = default);
}
