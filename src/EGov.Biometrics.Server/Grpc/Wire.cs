using V1 = EGov.Biometrics.Contracts.V1;

namespace EGov.Biometrics.Server.Grpc;

/// <summary>Domain results to wire messages.</summary>
internal static class Wire
{
    public static V1.OperatingPoint From(Vision.Embedding.FmrOperatingPoint p) => new() { Fmr = p.Fmr, Threshold = p.Threshold, Extrapolated = p.Extrapolated };

    public static V1.Candidate From(Service.Candidate c) => new() { Pinfl = c.Pinfl, Similarity = c.Similarity };

    /// <summary>A 1:1 decision with the capture checks of its probe (zero where the probe had none).</summary>
    public static V1.VerifyResponse From(Service.VerifyResult r, float quality, float liveness) => new()
    {
        Match = r.Match,
        Enrolled = r.Enrolled,
        Similarity = float.IsNaN(r.Similarity) ? 0 : r.Similarity,
        OperatingPoint = From(r.OperatingPoint),
        DecisionId = r.DecisionId,
        Quality = quality,
        Liveness = liveness,
    };
}
