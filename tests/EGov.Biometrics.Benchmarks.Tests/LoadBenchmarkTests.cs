using EGov.Biometrics.Benchmarks.Load;
using EGov.Biometrics.Vision.Models;
using EGov.Biometrics.Vision.Onnx;
using EGov.Biometrics.Vision.Pipeline;

namespace EGov.Biometrics.Benchmarks.Tests;

/// <summary>The load benchmark end to end at toy size: it seeds, serves, measures, and every genuine probe matches.</summary>
public sealed class LoadBenchmarkTests
{
    [Fact(Timeout = 240_000)]
    public async Task A_small_run_serves_every_request_and_reports_consistent_figures()
    {
        using var catalog = new ModelCatalog(ModelStore.Discover());
        var result = await new LoadBenchmark(FacePipeline.Create(catalog), _ => { }).RunAsync(new LoadOptions
        {
            Subjects = 300,
            Clients = [1, 4],
            Warmup = TimeSpan.FromSeconds(1.5), // the first calls of each kind start cold paths on a shared 2-core machine
            Duration = TimeSpan.FromSeconds(1),
            CropDuration = TimeSpan.FromSeconds(1),
        });

        Assert.Equal(300, result.Subjects);
        Assert.Equal([1, 4], result.Template.Select(l => l.Clients));
        Assert.Equal([1, 4], result.Crop.Select(l => l.Clients));
        foreach (var level in result.Baseline.Concat(result.Template).Concat(result.Crop))
        {
            Assert.True(level.Requests > 0, $"{level.Probe} at {level.Clients} clients served nothing");
            Assert.Equal(0, level.Errors);
            Assert.InRange(level.P50Ms, 0, level.P99Ms);
        }

        // Template probes are noisy copies of the claimed subject's template: all of them match.
        Assert.Equal(1.0, result.GenuineMatchRate);
        Assert.True(result.EmbedderAlonePerSecond > 0);
    }
}
