using EGov.Biometrics.Vision.Quality;

namespace EGov.Biometrics.Benchmarks.Pipeline;

/// <summary>What <see cref="PipelineBenchmark"/> measured. Times are medians in milliseconds; the face's head pose from the pose model and from the landmarks, and whether the landmark pose alone decides the pose gates.</summary>
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
    double PoseModelMs,
    double QualityLandmarkPoseMs,
    double TotalMs,
    double FacesPerSecond,
    int Workers,
    int Cores,
    double ThroughputSeconds,
    HeadPose ModelPose,
    HeadPose LandmarkPose,
    bool LandmarkPoseClearOfGates);
