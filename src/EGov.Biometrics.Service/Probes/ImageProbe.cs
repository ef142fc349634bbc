namespace EGov.Biometrics.Service.Probes;

/// <summary>An encoded photo (JPEG, JPEG 2000, PNG, TIFF, BMP, WebP or Netpbm) of one person, analysed after the capture checks.</summary>
public sealed record ImageProbe(byte[] Image) : ProbeInput;
