namespace EGov.Biometrics.Service.Probes;

/// <summary>An embedding ready to match, the model that made it, and (only when the deployment keeps them) its source image.</summary>
public sealed record FaceTemplate(float[] Vector, string ModelId, byte[]? Image = null);
