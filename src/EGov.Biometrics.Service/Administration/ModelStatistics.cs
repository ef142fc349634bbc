namespace EGov.Biometrics.Service.Administration;

/// <summary>One embedding model served: its dimension, templates in the index, and its default operating point.</summary>
public sealed record ModelStatistics(string ModelId, int Dimension, long Templates, double DefaultFmr, float DefaultThreshold);
