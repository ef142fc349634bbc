namespace EGov.Biometrics.Service.Probes;

/// <summary>The face pipeline as the domain needs it: images analysed (embedding, quality, liveness), crops embedded.</summary>
public interface IProbeAnalyzer
{
    /// <summary>The largest face of an encoded image; <see cref="ArgumentException"/> when there is none.</summary>
    ResolvedProbe AnalyzeImage(byte[] image);

    /// <summary>Embeds a crop aligned to <paramref name="modelId"/>'s template; refuses a crop of the wrong size.</summary>
    FaceTemplate EmbedAlignedCrop(string modelId, byte[] crop);

    /// <summary>Whether aligned crops for <paramref name="modelId"/> can be embedded here.</summary>
    bool EmbedsCrops(string modelId);
}
