using EGov.Biometrics.Benchmarks.Edge;
using EGov.Biometrics.Vision.Models;
using EGov.Biometrics.Vision.Onnx;
using EGov.Biometrics.Vision.Pipeline;

namespace EGov.Biometrics.Benchmarks.Tests;

/// <summary>The edge benchmark at toy length: it times the processor, runs egov-edge under both servers and reads its memory.</summary>
public sealed class EdgeBenchmarkTests
{
    [Fact(Timeout = 240_000)]
    public async Task A_short_run_measures_the_processor_and_the_agent_under_both_servers()
    {
        using var catalog = new ModelCatalog(ModelStore.Discover());
        var result = await new EdgeBenchmark(FacePipeline.Create(catalog), _ => { }).RunAsync(new EdgeOptions
        {
            ProcessorSeconds = 1,
            AgentSeconds = 10,
            SourceFps = 30,
            SlowAck = TimeSpan.FromSeconds(2),
        });

        Assert.InRange(result.ProcessorFps, 1, result.DetectorFps);

        // The stage breakdown saw every desk frame's citizen and timed each stage the processor runs for a face.
        var stages = result.Stages!;
        Assert.InRange(stages.FacesPerFrame, 1, 4);
        Assert.All(
            new[] { stages.DetectionMs, stages.LandmarksMs, stages.AlignmentMs, stages.CheapQualityMs, stages.AppearanceMs, stages.LivenessCropMs, stages.LivenessPngMs, stages.PoseModelMs },
            ms => Assert.True(ms > 0, $"a stage took {ms} ms"));
        Assert.True(stages.PoseModelMs > stages.AppearanceMs, $"the 224x224 pose model ({stages.PoseModelMs:F2} ms) against the descriptor ({stages.AppearanceMs:F2} ms)");
        foreach (var load in new[] { result.FastServer!, result.SlowServer! })
        {
            Assert.InRange(load.RssStartMib, 20, load.RssMaxMib);
            Assert.InRange(load.RssMedianMib, load.RssStartMib * 0.5, load.RssMaxMib);
        }

        // The fast server takes captures as they come; the slow one cannot keep up, so they wait on disk.
        Assert.True(result.FastServer!.CapturesReceived > result.SlowServer!.CapturesReceived);
        Assert.True(result.SlowServer.LastQueueDepth > result.FastServer.LastQueueDepth);
    }
}
