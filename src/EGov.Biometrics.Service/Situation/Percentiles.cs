namespace EGov.Biometrics.Service.Situation;

/// <summary>The median and 95th percentile of a set of durations, in seconds.</summary>
public sealed record Percentiles(double Median, double P95);
