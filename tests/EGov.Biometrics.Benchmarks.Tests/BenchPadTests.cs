namespace EGov.Biometrics.Benchmarks.Tests;

public sealed class BenchPadTests
{
    [Fact]
    public void Bench_pad_reports_bpcer_and_apcer_per_pai_species_without_lfw()
    {
        var json = BenchRunner.RunJson("pad", "--json");

        Assert.True(json.GetProperty("bona_fide").GetInt32() >= 10); // the sample photos' faces large enough for a desk
        Assert.Equal(0, json.GetProperty("bpcer").GetDouble()); // the demo's bona fide faces all pass
        var apcer = json.GetProperty("apcer");
        foreach (var species in new[] { "printed_photo", "screen_replay", "framed_photo" })
        {
            var result = apcer.GetProperty(species);
            Assert.True(result.GetProperty("detected").GetInt32() > 0, species);
            Assert.InRange(result.GetProperty("apcer").GetDouble(), 0, 0.3);

            // MiniFAS alone, at the same bona fide rejection rate, lets more attacks through than the combined score.
            Assert.True(json.GetProperty("mini_fas_alone_apcer_at_its_bpcer").GetProperty(species).GetDouble() > result.GetProperty("apcer").GetDouble(), species);
        }

        Assert.Contains("no certification", json.GetProperty("note").GetString(), StringComparison.Ordinal);
    }
}
