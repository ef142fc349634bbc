namespace EGov.Biometrics.Vision.Onnx;

/// <summary>
/// Thread settings for every ONNX session. One intra-op thread per session by default: the pipeline
/// runs independent models side by side and a server runs requests side by side, which uses the cores
/// better than splitting each small model across them.
/// </summary>
public sealed record OnnxRuntimeOptions(int IntraOpThreads = 1, int InterOpThreads = 1)
{
    /// <summary>One thread each.</summary>
    public static OnnxRuntimeOptions Default { get; } = new();
}
