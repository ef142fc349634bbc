namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>One LFW View 2 pair: its fold (0–9), the two image paths, and whether they show the same person.</summary>
public sealed record LfwPair(int Fold, string First, string Second, bool Genuine);
