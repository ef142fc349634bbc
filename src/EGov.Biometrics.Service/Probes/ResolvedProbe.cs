using EGov.Biometrics.Vision.Quality;

namespace EGov.Biometrics.Service.Probes;

/// <summary>A probe ready to match, with the capture checks of an image probe (null where the probe had none).</summary>
public sealed record ResolvedProbe(FaceTemplate Template, QualityReport? Quality, float? Liveness);
