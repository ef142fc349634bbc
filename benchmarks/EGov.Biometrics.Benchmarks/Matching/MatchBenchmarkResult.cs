using System.Text.Json.Serialization;

namespace EGov.Biometrics.Benchmarks.Matching;

/// <summary>The headline matching figures, all measured in one run on the same data. Times are medians in ms.</summary>
public sealed record MatchBenchmarkResult(
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("dim")] int Dim,
    [property: JsonPropertyName("queries")] int Queries,
    [property: JsonPropertyName("k")] int K,
    [property: JsonPropertyName("kernel")] string Kernel,
    [property: JsonPropertyName("exact_ms")] double ExactMs,
    [property: JsonPropertyName("memory_floor_ms")] double MemoryFloorMs,
    [property: JsonPropertyName("ratio_to_floor")] double RatioToFloor,
    [property: JsonPropertyName("baseline_ms")] double BaselineMs,
    [property: JsonPropertyName("ratio_to_baseline")] double RatioToBaseline,
    [property: JsonPropertyName("int8_ms")] double Int8Ms,
    [property: JsonPropertyName("int8_speedup")] double Int8Speedup,
    [property: JsonPropertyName("int8_recall_at_10")] double Int8RecallAt10,
    [property: JsonPropertyName("batch64_ms_per_query")] double Batch64MsPerQuery,
    [property: JsonPropertyName("batch64_ratio_to_single")] double Batch64RatioToSingle,
    [property: JsonPropertyName("usearch_n")] int UsearchN,
    [property: JsonPropertyName("usearch_hnsw_ms")] double UsearchHnswMs,
    [property: JsonPropertyName("usearch_hnsw_recall_at_10")] double UsearchHnswRecallAt10,
    [property: JsonPropertyName("usearch_hnsw_mate_at_1")] double UsearchHnswMateAt1,
    [property: JsonPropertyName("usearch_build_s")] double UsearchBuildS,
    [property: JsonPropertyName("gallery_load_s")] double GalleryLoadS,
    [property: JsonPropertyName("gallery_memory_mib")] double GalleryMemoryMib);
