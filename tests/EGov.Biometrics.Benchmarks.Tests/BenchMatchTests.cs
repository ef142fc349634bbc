namespace EGov.Biometrics.Benchmarks.Tests;

public sealed class BenchMatchTests
{
    [Fact]
    public void Bench_match_reports_every_headline_figure()
    {
        var json = BenchRunner.RunJson("match", "--n", "3000", "--dim", "64", "--queries", "3", "--usearch-n", "500", "--json");

        Assert.Equal(3000, json.GetProperty("n").GetInt32());
        Assert.Equal(64, json.GetProperty("dim").GetInt32());
        foreach (var key in new[] { "exact_ms", "memory_floor_ms", "ratio_to_floor", "baseline_ms", "ratio_to_baseline", "int8_ms", "batch64_ms_per_query", "usearch_hnsw_ms", "usearch_build_s", "int8_memory_floor_ms", "int8_ratio_to_floor" })
        {
            Assert.True(json.GetProperty(key).GetDouble() > 0, key);
        }

        Assert.InRange(json.GetProperty("int8_recall_at_10").GetDouble(), 0.9, 1.0);
        Assert.True(json.GetProperty("int8_batch64_ms_per_query").GetDouble() > 0, "int8_batch64_ms_per_query");
        Assert.InRange(json.GetProperty("int8_batch64_recall_at_10").GetDouble(), 0.9, 1.0);
        Assert.InRange(json.GetProperty("usearch_hnsw_recall_at_10").GetDouble(), 0.0, 1.0);
        Assert.Equal(500, json.GetProperty("usearch_n").GetInt32());
        Assert.Equal("memory", json.GetProperty("store").GetString());
        Assert.Equal(1.0, json.GetProperty("cascade_recall_at_10").GetDouble()); // 3,000 rows: the binary stage keeps them all
        Assert.False(string.IsNullOrEmpty(json.GetProperty("isa").GetString()));
        Assert.True(json.GetProperty("resident_mib").GetDouble() > 3000 * 64 * 5 / 1048576.0, "the process holds at least the gallery's bytes");
    }

    [Fact]
    public void Bench_match_cascade_runs_a_mapped_gallery_from_an_encrypted_snapshot()
    {
        var json = BenchRunner.RunJson("match", "--n", "20000", "--dim", "64", "--queries", "4", "--cascade", "--json");

        Assert.Equal("mapped", json.GetProperty("store").GetString());
        Assert.Equal(20000, json.GetProperty("n").GetInt32());
        Assert.InRange(json.GetProperty("cascade_recall_at_10").GetDouble(), 0.95, 1.0);
        Assert.Equal(8192, json.GetProperty("cascade_binary_candidates").GetInt32());
        var sweep = json.GetProperty("cascade_sweep").EnumerateArray().Select(p => p.GetProperty("binary_candidates").GetInt32()).ToList();
        Assert.Equal([1024, 4096, 16_384, 8192, 8192, 8192], sweep);

        // The gallery holds codes, int8 rows and ids of its two segments (3 MiB), not their float rows (8 MiB more).
        Assert.InRange(json.GetProperty("gallery_memory_mib").GetDouble(), 1, 2 * 16384 * 64 * 4 / 1048576.0);
        Assert.True(json.GetProperty("snapshot_gib").GetDouble() * 1024 > 20000 * 64 * 4 / 1048576.0, "the snapshot holds the float rows");
        Assert.True(json.GetProperty("snapshot_load_s").GetDouble() < 30);
    }
}
