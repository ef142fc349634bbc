using EGov.Biometrics.Service.Probes;

namespace EGov.Biometrics.Service.Decisions;

/// <summary>
/// What a photo must pass to be enrolled: every quality gate (size, sharpness, exposure, pose, eyes) and
/// the liveness check. Templates and crops carry no such checks, which is why only admins enrol them.
/// <see cref="MinLiveness"/> is the one liveness threshold: enrolment, verify, identify and both desk decisions
/// apply it to the server's own presentation-attack score (docs/security.md says how it was calibrated).
/// </summary>
public sealed record CaptureGates(float MinLiveness = 0.5f)
{
    public static readonly CaptureGates Default = new();

    /// <summary>
    /// Whether a probe's liveness score passes (null: the probe carried none, as templates and crops do; those are
    /// accepted only from the roles AccessPolicies trusts with them). A desk capture always has a score: without
    /// liveness frames it is 0.
    /// </summary>
    public bool PassesLiveness(float? liveness) => liveness is not { } score || score >= MinLiveness;

    /// <summary>Every reason <paramref name="probe"/> fails the gates, in words (empty when it passes).</summary>
    public IReadOnlyList<string> Failures(ResolvedProbe probe)
    {
        var reasons = new List<string>();
        if (probe.Quality is { Passed: false } quality)
        {
            reasons.AddRange(quality.Failures.Select(f => f.Reason));
        }

        if (!PassesLiveness(probe.Liveness))
        {
            reasons.Add($"liveness check failed (score {probe.Liveness:F2}, at least {MinLiveness:F2} needed)");
        }

        return reasons;
    }

    /// <summary>Refuses the first probe that fails, naming it (1-based) and every reason.</summary>
    public void Check(IReadOnlyList<ResolvedProbe> probes)
    {
        for (var i = 0; i < probes.Count; i++)
        {
            if (Failures(probes[i]) is { Count: > 0 } reasons)
            {
                throw new ArgumentException($"Probe {i + 1} fails the capture gates: {string.Join("; ", reasons)}.");
            }
        }
    }
}
