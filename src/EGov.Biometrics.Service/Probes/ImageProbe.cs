namespace EGov.Biometrics.Service.Probes;

/// <summary>
/// An encoded photo (JPEG, JPEG 2000, PNG, TIFF, BMP, WebP or Netpbm) of one person, analysed after the capture
/// checks; decided with <paramref name="ModelId"/>'s embedder, or the server's default when null.
/// </summary>
public sealed record ImageProbe(byte[] Image, string? ModelId = null) : ProbeInput;
