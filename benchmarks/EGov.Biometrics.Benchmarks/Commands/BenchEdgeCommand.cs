using System.CommandLine;
using EGov.Biometrics.Benchmarks.Edge;
using EGov.Biometrics.CommandLine;

namespace EGov.Biometrics.Benchmarks.Commands;

/// <summary><c>egov-bench edge</c>: the edge agent's frame rate, and its memory under a fast and a slow server.</summary>
internal static class BenchEdgeCommand
{
    public static Command Create()
    {
        var seconds = new Option<double>("--seconds") { Description = "Seconds to time the frame processor (and detection alone).", DefaultValueFactory = _ => 10 };
        var agentSeconds = new Option<double>("--agent-seconds") { Description = "Seconds egov-edge runs under each server, from its first heartbeat (0 skips).", DefaultValueFactory = _ => 60 };
        var sourceFps = new Option<double>("--source-fps") { Description = "Frame rate the folder source plays at.", DefaultValueFactory = _ => 60 };
        var slow = new Option<double>("--slow-ack") { Description = "Seconds the slow server takes per capture.", DefaultValueFactory = _ => 2 };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("edge", "Edge agent: frames per second on this machine, and resident memory under a fast and a slow server.") { seconds, agentSeconds, sourceFps, slow, json };
        command.SetAction(async (parse, cancel) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            using var vision = new VisionContext();
            var started = DateTime.UtcNow;
            var r = await new EdgeBenchmark(vision.Pipeline, message => error.WriteLine($"[{DateTime.UtcNow - started:mm\\:ss}] {message}")).RunAsync(new EdgeOptions
            {
                ProcessorSeconds = parse.GetValue(seconds),
                AgentSeconds = parse.GetValue(agentSeconds),
                SourceFps = parse.GetValue(sourceFps),
                SlowAck = TimeSpan.FromSeconds(parse.GetValue(slow)),
            });
            if (parse.GetValue(json))
            {
                Json.Write(output, r);
                return 0;
            }

            output.WriteLine($"{r.Frame}:");
            output.WriteLine($"  frame processor   {r.ProcessorFps,6:F1} frames/s  ({r.RatioToDetector:F2} of detection alone, {r.DetectorFps:F1} frames/s)");
            output.WriteLine($"  pose model for every face {r.EveryFaceQualityFps,6:F1} frames/s; appearance descriptor {r.AppearanceMs:F3} ms per face");
            if (r.Stages is { } stages)
            {
                output.WriteLine($"  stages, each timed on its own: {stages}");
            }

            foreach (var load in new[] { r.FastServer, r.SlowServer }.OfType<EdgeUnderLoad>())
            {
                output.WriteLine($"  {load.Server,-26} RSS {load.RssStartMib:F0} → median {load.RssMedianMib:F0}, max {load.RssMaxMib:F0}, last {load.RssLastMib:F0} MiB over {load.Seconds:F0} s; " +
                    $"{load.CapturesReceived} captures acknowledged, {load.LastQueueDepth} queued on disk, {load.FramesSkipped} frames skipped");
            }

            if (r is { FastServer: { } fast, SlowServer: { } slowServer })
            {
                output.WriteLine($"  slow/fast max RSS  {slowServer.RssMaxMib / fast.RssMaxMib:F2}");
            }

            return 0;
        });
        return command;
    }
}
