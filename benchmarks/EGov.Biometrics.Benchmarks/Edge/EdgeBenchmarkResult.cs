using System.Text.Json.Serialization;

namespace EGov.Biometrics.Benchmarks.Edge;

/// <summary>The edge agent's figures: frame rate in process, against detection alone, and memory under a fast and a slow server.</summary>
public sealed record EdgeBenchmarkResult(
    [property: JsonPropertyName("frame")] string Frame,
    [property: JsonPropertyName("processor_fps")] double ProcessorFps,
    [property: JsonPropertyName("detector_fps")] double DetectorFps,
    [property: JsonPropertyName("ratio_to_detector")] double RatioToDetector,
    [property: JsonPropertyName("fast_server")] EdgeUnderLoad? FastServer,
    [property: JsonPropertyName("slow_server")] EdgeUnderLoad? SlowServer)
{
    /// <summary>The processor with the pose model run for every face (<see cref="EGov.Biometrics.Edge.FrameProcessorOptions.QualityForEveryFace"/>), same frames.</summary>
    [JsonPropertyName("every_face_quality_fps")]
    public double EveryFaceQualityFps { get; init; }

    /// <summary>The tracker's appearance descriptor, median ms per face.</summary>
    [JsonPropertyName("appearance_ms")]
    public double AppearanceMs { get; init; }

    /// <summary>Mean ms per frame of each stage of the processor, each timed on its own (<see cref="EdgeStages"/>).</summary>
    [JsonPropertyName("stages")]
    public EdgeStageTimes? Stages { get; init; }
}
