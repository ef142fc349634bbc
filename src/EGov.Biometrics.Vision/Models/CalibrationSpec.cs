namespace EGov.Biometrics.Vision.Models;

/// <summary>Score thresholds by false-match rate, measured on impostor comparisons (see docs/accuracy.md).</summary>
public sealed record CalibrationSpec(
    string Metric,
    double DefaultFmr,
    IReadOnlyList<FmrThreshold> Thresholds,
    string Source);
