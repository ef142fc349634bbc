using EGov.Biometrics.Vision.Liveness;
using EGov.Biometrics.Vision.Liveness.Attacks;

namespace EGov.Biometrics.Benchmarks.Pad;

/// <summary>One presentation scored: bona fide (species null) or an attack, its frames' signals and the visit's score.</summary>
public sealed record PadSample(string Source, PaiSpecies? Species, IReadOnlyList<PadFrame> Frames, float Visit);
