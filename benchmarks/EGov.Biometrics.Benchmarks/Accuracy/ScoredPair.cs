namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>A scored comparison: similarity, whether the two faces are the same person, and its fold.</summary>
public readonly record struct ScoredPair(float Score, bool Genuine, int Fold);
