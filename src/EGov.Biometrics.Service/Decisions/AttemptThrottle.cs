using System.Collections.Concurrent;
using EGov.Biometrics.Service.Access;

namespace EGov.Biometrics.Service.Decisions;

/// <summary>
/// Failed 1:1 decisions per (credential, PINFL), and per credential over all PINFLs for roles that read no scores, within <see cref="VerificationPolicy.Window"/>. Each decision still
/// answers match or no match; forging a face by keeping the changes that help needs hundreds of such answers
/// against one PINFL, so after <see cref="VerificationPolicy.MaxFailedAttempts"/> failures the credential waits.
/// Matches are not counted: a citizen verified many times a day is no attack. Checked before the probe is
/// analysed or a desk is asked for a capture, so a throttled caller costs nothing. A refusal raises
/// <see cref="Throttled"/> (the metrics) and is listed per desk for the Situation Center.
/// </summary>
public sealed class AttemptThrottle(VerificationPolicy policy, TimeProvider clock)
{
    // The key under which a credential's failures against every PINFL are counted (no PINFL is empty).
    private const string AnyPinfl = "";

    private readonly ConcurrentDictionary<(string Credential, string Pinfl), Queue<DateTimeOffset>> _failures = new();
    private readonly ConcurrentDictionary<string, ThrottledCredential> _throttled = new(StringComparer.Ordinal);

    /// <summary>Raised on every refused attempt (the server counts them in its metrics).</summary>
    public event Action<ThrottledCredential>? Throttled;

    public VerificationPolicy Policy { get; } = policy;

    /// <summary>
    /// Refuses <paramref name="caller"/> another attempt at <paramref name="pinfl"/> while its failures against it fill
    /// the window, or (a role that reads no scores) while its failures against any PINFL do.
    /// </summary>
    public void Check(Caller caller, string pinfl)
    {
        Refuse(caller, (caller.Id, pinfl), Policy.MaxFailedAttempts, "against this PINFL");
        if (CappedOverall(caller))
        {
            Refuse(caller, (caller.Id, AnyPinfl), Policy.MaxFailedPerCredential, "against any PINFL");
        }
    }

    /// <summary>Counts a decision: a failure (no match, not enrolled, liveness failed) fills the window, a match does not.</summary>
    public void Record(Caller caller, string pinfl, bool matched)
    {
        if (matched)
        {
            return;
        }

        var now = clock.GetUtcNow();
        if (_failures.Count >= Policy.MaxTracked)
        {
            Prune(now);
        }

        Add((caller.Id, pinfl), now);
        if (CappedOverall(caller))
        {
            Add((caller.Id, AnyPinfl), now);
        }
    }

    /// <summary>The credentials refused at <paramref name="desk"/> within the window, most recent first.</summary>
    public IReadOnlyList<ThrottledCredential> ThrottledAt(string desk)
    {
        var since = clock.GetUtcNow() - Policy.Window;
        return [.. _throttled.Values.Where(t => t.Desk == desk && t.At >= since).OrderByDescending(t => t.At)];
    }

    // Supervisors, auditors and admins read scores and may list who is enrolled: nothing to learn from many failures.
    private static bool CappedOverall(Caller caller) => !AccessPolicies.Admits(AccessPolicies.ReadScores, caller);

    private void Refuse(Caller caller, (string Credential, string Pinfl) key, int limit, string against)
    {
        if (!_failures.TryGetValue(key, out var failures))
        {
            return;
        }

        var now = clock.GetUtcNow();
        DateTimeOffset oldest;
        lock (failures)
        {
            Expire(failures, now);
            if (failures.Count < limit)
            {
                return;
            }

            oldest = failures.Peek();
        }

        var refused = new ThrottledCredential(caller.Id, caller.Role, caller.Desk, now);
        _throttled[caller.Id] = refused;
        Throttled?.Invoke(refused);
        var wait = Math.Max(1, Math.Ceiling((oldest + Policy.Window - now).TotalSeconds));
        throw new AttemptsThrottledException(
            $"{limit} failed verifications {against} from this credential within {Policy.Window.TotalMinutes:0} min: try again in {wait:0} s (the attempts were reported to the supervisor).");
    }

    private void Add((string Credential, string Pinfl) key, DateTimeOffset now)
    {
        var failures = _failures.GetOrAdd(key, _ => new Queue<DateTimeOffset>());
        lock (failures)
        {
            Expire(failures, now);
            failures.Enqueue(now);
        }
    }

    private void Expire(Queue<DateTimeOffset> failures, DateTimeOffset now)
    {
        while (failures.Count > 0 && failures.Peek() <= now - Policy.Window)
        {
            failures.Dequeue();
        }
    }

    // Forgets windows that have emptied, then (under a flood of distinct PINFLs) the oldest, so memory stays bounded.
    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, failures) in _failures)
        {
            lock (failures)
            {
                Expire(failures, now);
                if (failures.Count == 0)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }

        foreach (var key in _failures.OrderBy(f => { lock (f.Value) { return f.Value.Count > 0 ? f.Value.Peek() : now; } }).Take(Math.Max(0, _failures.Count - (Policy.MaxTracked * 3 / 4))).Select(f => f.Key).ToList())
        {
            _failures.TryRemove(key, out _);
        }

        foreach (var (credential, throttled) in _throttled)
        {
            if (throttled.At < now - Policy.Window)
            {
                _throttled.TryRemove(credential, out _);
            }
        }
    }
}
