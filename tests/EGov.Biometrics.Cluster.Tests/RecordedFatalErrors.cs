using System.Collections.Concurrent;
using Orleans.Runtime;

namespace EGov.Biometrics.Cluster.Tests;

/// <summary>
/// Orleans' fatal errors recorded instead of ending the process: a silo that the cluster declares dead would otherwise
/// take the test host down with it.
/// </summary>
internal sealed class RecordedFatalErrors : IFatalErrorHandler
{
    public ConcurrentQueue<string> Contexts { get; } = new();

    public bool IsUnexpected(Exception exception) => true;

    public void OnFatalException(object? sender = null, string? context = null, Exception? exception = null) =>
        Contexts.Enqueue(context ?? exception?.Message ?? "fatal");
}
