namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>A threshold to draw, with the false-match rate it stands for.</summary>
public readonly record struct OperatingPointMark(double Fmr, float Threshold);
