namespace EGov.Biometrics.Service.Probes;

/// <summary>A crop already aligned to <paramref name="ModelId"/>'s landmark template (from an edge agent), encoded.</summary>
public sealed record AlignedCropProbe(string ModelId, byte[] Image) : ProbeInput;
