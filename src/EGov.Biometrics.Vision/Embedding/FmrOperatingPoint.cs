namespace EGov.Biometrics.Vision.Embedding;

/// <summary>A decision threshold and the false-match rate it runs at. Every match decision reports both.</summary>
public readonly record struct FmrOperatingPoint(double Fmr, float Threshold, bool Extrapolated);
