using EGov.Biometrics.Service.Probes;

namespace EGov.Biometrics.Service.Decisions;

/// <summary>
/// What a photo must pass to be enrolled: every quality gate (size, sharpness, exposure, pose, eyes) and
/// the liveness check. Templates and crops carry no such checks, which is why only admins enrol them.
/// </summary>
public sealed record CaptureGates(float MinLiveness = 0.5f)
{
    public static readonly CaptureGates Default = new();

    /// <summary>Refuses the first probe that fails, naming it (1-based) and every reason.</summary>
    public void Check(IReadOnlyList<ResolvedProbe> probes)
    {
        for (var i = 0; i < probes.Count; i++)
        {
            if (probes[i].Quality is { Passed: false } quality)
            {
                throw new ArgumentException($"Probe {i + 1} fails the quality gate: {string.Join("; ", quality.Failures.Select(f => f.Reason))}.");
            }

            if (probes[i].Liveness is { } liveness && liveness < MinLiveness)
            {
                throw new ArgumentException($"Probe {i + 1} fails the liveness check (score {liveness:F2}, at least {MinLiveness:F2} needed).");
            }
        }
    }
}
