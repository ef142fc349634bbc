namespace EGov.Biometrics.Service.Probes;

/// <summary>An encoded photo (JPEG, PNG, BMP, WebP); the largest face is used, after the capture checks.</summary>
public sealed record ImageProbe(byte[] Image) : ProbeInput;
