namespace EGov.Biometrics.Vision.Recognition;

/// <summary>Settings of <see cref="FaceRecognition"/>.</summary>
public sealed record FaceRecognitionOptions
{
    /// <summary>The defaults.</summary>
    public static FaceRecognitionOptions Default { get; } = new();

    /// <summary>Threads each ONNX model may use for one image (1: callers run images side by side instead).</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Minimum detector confidence for a face, in [0, 1].</summary>
    public float MinDetectionScore { get; init; } = 0.7f;

    /// <summary>Faces whose box is shorter than this many pixels are ignored.</summary>
    public float MinFaceSize { get; init; } = 20;

    /// <summary>
    /// Where the detector finds no face, look again in the image inside a border, enlarged, and by landmarks on the whole
    /// image: tight portrait crops (passport-style photos) need it; camera frames with nobody in them are faster without it.
    /// </summary>
    public bool PortraitFallbacks { get; init; } = true;
}
