using EGov.Biometrics.Service.Decisions;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>
/// Two embedders' vectors of the same images joined by <see cref="ScoreFusion"/>, so that the dot product of two
/// joined vectors is the fused score and every single-model measure (10-fold accuracy, open-set identification,
/// the impostor calibration) applies to the fusion unchanged.
/// </summary>
public static class FusedEmbeddings
{
    public static IReadOnlyDictionary<string, float[]> Join(
        ScoreFusion fusion, IReadOnlyDictionary<string, float[]> first, IReadOnlyDictionary<string, float[]> second) =>
        first.ToDictionary(e => e.Key, e => fusion.Join(e.Value, second[e.Key]));
}
