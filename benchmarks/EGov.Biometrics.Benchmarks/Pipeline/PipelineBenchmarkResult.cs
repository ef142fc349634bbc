namespace EGov.Biometrics.Benchmarks.Pipeline;

/// <summary>What <see cref="PipelineBenchmark"/> measured. Times are medians in milliseconds.</summary>
public sealed record PipelineBenchmarkResult(
    string Image,
    int Width,
    int Height,
    int Faces,
    int Iterations,
    IReadOnlyDictionary<string, double> StagesMs,
    double SequentialMs,
    double NecessaryMs,
    double RatioToNecessary,
    double QualityLandmarkPoseMs,
    double TotalMs,
    double FacesPerSecond,
    int Workers,
    int Cores,
    double ThroughputSeconds);
