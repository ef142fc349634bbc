namespace EGov.Biometrics.Vision.Pipeline;

/// <summary>Which stages to run per face, and how many faces to analyse (largest first).</summary>
public sealed record AnalysisOptions
{
    public static AnalysisOptions All { get; } = new();

    public static AnalysisOptions DetectOnly { get; } = new() { Embed = false, Quality = false, Liveness = false };

    public bool Quality { get; init; } = true;

    public bool Liveness { get; init; } = true;

    public bool Embed { get; init; } = true;

    public int MaxFaces { get; init; } = int.MaxValue;

    /// <summary>
    /// Where the detector finds no face, try the portrait-crop fallbacks (<see cref="FacePipeline.FaceFinder"/>): photos.
    /// Camera frames turn them off, so that a frame with nobody in it costs one detector run.
    /// </summary>
    public bool Fallbacks { get; init; } = true;

    /// <summary>Run the independent stages (embedding, liveness, quality) side by side.</summary>
    public bool Parallel { get; init; } = true;
}
