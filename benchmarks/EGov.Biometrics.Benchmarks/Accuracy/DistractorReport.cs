using System.Text.Json.Serialization;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>The figures of <c>egov-bench lfw --distractors N</c>, named as the JSON output names them.</summary>
public sealed record DistractorReport(
    [property: JsonPropertyName("variant")] string Variant,
    [property: JsonPropertyName("cpu")] string Cpu,
    [property: JsonPropertyName("gallery_subjects")] int GallerySubjects,
    [property: JsonPropertyName("distractors")] long Distractors,
    [property: JsonPropertyName("mated_probes")] int MatedProbes,
    [property: JsonPropertyName("non_mated_probes")] int NonMatedProbes,
    [property: JsonPropertyName("lfw_only_rank1")] double LfwOnlyRank1,
    [property: JsonPropertyName("lfw_only_fnir_at_fpir_0.01")] double LfwOnlyFnirAtFpir1e2,
    [property: JsonPropertyName("non_mated_top1_distractor_share")] double NonMatedTop1DistractorShare,
    [property: JsonPropertyName("mated_errors_by_distractor")] int MatedErrorsByDistractor,
    [property: JsonPropertyName("impostor_scores")] IReadOnlyList<ScoreDistribution> ImpostorScores,
    [property: JsonPropertyName("methods")] IReadOnlyList<SearchMethodReport> Methods,
    [property: JsonPropertyName("distractor_seconds")] double DistractorSeconds);
