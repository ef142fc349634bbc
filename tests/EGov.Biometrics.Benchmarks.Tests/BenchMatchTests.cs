namespace EGov.Biometrics.Benchmarks.Tests;

public sealed class BenchMatchTests
{
    [Fact]
    public void Bench_match_reports_every_headline_figure()
    {
        var json = BenchRunner.RunJson("match", "--n", "3000", "--dim", "64", "--queries", "3", "--usearch-n", "500", "--json");

        Assert.Equal(3000, json.GetProperty("n").GetInt32());
        Assert.Equal(64, json.GetProperty("dim").GetInt32());
        foreach (var key in new[] { "exact_ms", "memory_floor_ms", "ratio_to_floor", "baseline_ms", "ratio_to_baseline", "int8_ms", "batch64_ms_per_query", "usearch_hnsw_ms", "usearch_build_s" })
        {
            Assert.True(json.GetProperty(key).GetDouble() > 0, key);
        }

        Assert.InRange(json.GetProperty("int8_recall_at_10").GetDouble(), 0.9, 1.0);
        Assert.InRange(json.GetProperty("usearch_hnsw_recall_at_10").GetDouble(), 0.0, 1.0);
        Assert.Equal(500, json.GetProperty("usearch_n").GetInt32());
    }
}
