using EGov.Biometrics.Matching.Search;
using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Service.Probes;
using V1 = EGov.Biometrics.Contracts.V1;

namespace EGov.Biometrics.Server.Api;

/// <summary>Wire messages to domain requests and domain results to wire messages.</summary>
internal static class Wire
{
    public static ProbeInput? ToDomain(V1.Probe? probe) => probe?.KindCase switch
    {
        V1.Probe.KindOneofCase.Image => new ImageProbe(probe.Image.ToByteArray(), probe.ModelId.Length == 0 ? null : probe.ModelId),
        V1.Probe.KindOneofCase.Aligned => new AlignedCropProbe(probe.Aligned.ModelId, probe.Aligned.Image.ToByteArray()),
        V1.Probe.KindOneofCase.Template => new TemplateProbe(probe.Template.ModelId, [.. probe.Template.Vector]),
        _ => null,
    };

    /// <summary>Zero on the wire means "the server's default".</summary>
    public static double? Fmr(double fmr) => fmr == 0 ? null : fmr;

    public static string From(SearchMethod? method) => method?.ToString().ToLowerInvariant() ?? string.Empty;

    public static DuplicateHandling ToDomain(V1.DuplicatePolicy policy) => policy == V1.DuplicatePolicy.Flag ? DuplicateHandling.Flag : DuplicateHandling.Reject;

    public static V1.OperatingPoint From(Vision.Embedding.FmrOperatingPoint p) => new() { Fmr = p.Fmr, Threshold = p.Threshold, Extrapolated = p.Extrapolated };

    public static V1.Candidate From(MatchCandidate c) => new() { Pinfl = c.Pinfl, Similarity = c.Similarity };

    /// <summary>One item's outcome of a batch enrolment (the refusal's enum value mirrors the domain's, by name).</summary>
    public static V1.EnrollBatchResult From(EnrollBatchOutcome o)
    {
        var result = new V1.EnrollBatchResult
        {
            IdempotencyKey = o.IdempotencyKey,
            Pinfl = o.Pinfl,
            Enrolled = o.Enrolled,
            Replayed = o.Replayed,
            DecisionId = o.DecisionId,
            OperatingPoint = o.OperatingPoint is { } point ? From(point) : null,
            Refusal = Enum.Parse<V1.EnrollRefusal>(o.Refusal == EnrollRefusal.None ? nameof(V1.EnrollRefusal.Unspecified) : o.Refusal.ToString()),
            Message = o.Message,
            DuplicateOfItem = o.DuplicateOfItem,
            DuplicateOfKey = o.DuplicateOfKey,
            DuplicateOfPinfl = o.DuplicateOfPinfl,
            Photo = o.Photo,
        };
        result.TemplateIds.AddRange(o.TemplateIds);
        result.PossibleDuplicates.AddRange(o.PossibleDuplicates.Select(From));
        result.GateFailures.AddRange(o.GateFailures);
        return result;
    }

    /// <summary>A 1:1 decision with the capture checks of its probe (zero where the probe had none).</summary>
    public static V1.VerifyResponse From(VerifyResult r) => new()
    {
        Match = r.Match,
        Enrolled = r.Enrolled,
        Similarity = float.IsNaN(r.Similarity) ? 0 : r.Similarity,
        OperatingPoint = From(r.OperatingPoint),
        DecisionId = r.DecisionId,
        Quality = r.Quality ?? 0,
        Liveness = r.Liveness ?? 0,
        LivenessFailed = r.LivenessFailed,
        ActiveCheckFailed = r.ActiveCheckFailed,
    };
}
