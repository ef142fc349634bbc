namespace EGov.Biometrics.Vision.Models;

/// <summary>The similarity at or above which a fraction <see cref="Fmr"/> of impostor comparisons score.</summary>
public sealed record FmrThreshold(double Fmr, float Threshold, bool Extrapolated = false);
