namespace EGov.Biometrics.Registry.Subjects;

/// <summary>A template to store: its vector (L2-normalised), the model that made it, its quality, and the
/// source image when the deployment keeps images (encrypted, for re-templating after a model change).</summary>
public sealed record NewTemplate(float[] Vector, string ModelId, float? Quality = null, byte[]? Image = null);
