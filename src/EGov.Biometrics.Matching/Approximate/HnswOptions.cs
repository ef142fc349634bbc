namespace EGov.Biometrics.Matching.Approximate;

/// <summary>HNSW graph settings (USearch's names): edges per node and the candidate lists of insertion and search.</summary>
public sealed record HnswOptions(int Connectivity = 16, int ExpansionAdd = 128, int ExpansionSearch = 64);
