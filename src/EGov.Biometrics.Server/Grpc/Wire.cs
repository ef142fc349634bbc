using V1 = EGov.Biometrics.Contracts.V1;

namespace EGov.Biometrics.Server.Grpc;

/// <summary>Domain results to wire messages.</summary>
internal static class Wire
{
    public static V1.OperatingPoint From(Vision.Embedding.OperatingPoint p) => new() { Fmr = p.Fmr, Threshold = p.Threshold, Extrapolated = p.Extrapolated };

    public static V1.Candidate From(Service.Candidate c) => new() { Pinfl = c.Pinfl, Similarity = c.Similarity };
}
