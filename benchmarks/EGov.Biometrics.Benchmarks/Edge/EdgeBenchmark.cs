using System.Diagnostics;
using EGov.Biometrics.Benchmarks.Pipeline;
using EGov.Biometrics.Edge;
using EGov.Biometrics.Edge.Sources;
using EGov.Biometrics.Edge.Tracking;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Models;
using EGov.Biometrics.Vision.Pipeline;
using OpenCvSharp;

namespace EGov.Biometrics.Benchmarks.Edge;

/// <summary>
/// The edge agent on this machine. First the frame rate its processor sustains (detect, landmarks, align,
/// quality, tracking, best shot) on 640x480 desk frames, against detection alone on the same frames in the
/// same run. Then egov-edge as its own process, fed a folder faster than it can process, against a server
/// that acknowledges at once and against one that takes <see cref="EdgeOptions.SlowAck"/> per capture:
/// its resident memory should stay flat under the slow one (frames skipped, captures waiting on disk).
/// </summary>
public sealed class EdgeBenchmark(FacePipeline pipeline, Action<string> log)
{
    public async Task<EdgeBenchmarkResult> RunAsync(EdgeOptions options)
    {
        var frames = DeskFrames();
        var processorFps = ProcessorFps(pipeline, frames, options.ProcessorSeconds);
        var detectorFps = FramesPerSecond(frames, options.ProcessorSeconds, (image, _) => pipeline.Detector.Detect(image));
        log($"processor {processorFps:F1} frames/s, detector alone {detectorFps:F1} frames/s");
        if (options.AgentSeconds <= 0)
        {
            return new EdgeBenchmarkResult("640x480 desk frames, one face", processorFps, detectorFps, processorFps / detectorFps, null, null);
        }

        var folder = Directory.CreateTempSubdirectory("egov-edge-bench-");
        try
        {
            var footage = Path.Combine(folder.FullName, "footage");
            Directory.CreateDirectory(footage);
            for (var i = 0; i < frames.Count; i++)
            {
                await File.WriteAllBytesAsync(Path.Combine(footage, $"frame-{i:D4}.jpg"), frames[i]);
            }

            var fast = await UnderServerAsync("fast (acks at once)", TimeSpan.Zero, footage, folder.FullName, options);
            var slow = await UnderServerAsync($"slow ({options.SlowAck.TotalSeconds:F0} s per capture)", options.SlowAck, footage, folder.FullName, options);
            return new EdgeBenchmarkResult("640x480 desk frames, one face", processorFps, detectorFps, processorFps / detectorFps, fast, slow);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private async Task<EdgeUnderLoad> UnderServerAsync(string name, TimeSpan perCapture, string footage, string scratch, EdgeOptions options)
    {
        await using var server = await SlowDeskServer.StartAsync(perCapture);
        var data = Path.Combine(scratch, $"agent-{perCapture.TotalMilliseconds}");
        var agentDll = Path.Combine(AppContext.BaseDirectory, "egov-edge.dll");
        var start = new ProcessStartInfo("dotnet",
        [
            agentDll, "--source", footage, "--server", server.Address, "--desk", "bench", "--api-key", "bench", "--loop",
            "--frame-rate", options.SourceFps.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", data, "--window", "0.5",
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var agent = Process.Start(start) ?? throw new InvalidOperationException("egov-edge did not start.");
        agent.OutputDataReceived += (_, _) => { };
        agent.ErrorDataReceived += (_, _) => { };
        agent.BeginOutputReadLine();
        agent.BeginErrorReadLine();
        var samples = new List<double>();
        try
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < options.AgentSeconds)
            {
                await Task.Delay(1000);
                agent.Refresh();
                if (agent.HasExited)
                {
                    throw new InvalidOperationException($"egov-edge exited with code {agent.ExitCode} under the {name} server.");
                }

                samples.Add(agent.WorkingSet64 / 1048576.0);
            }
        }
        finally
        {
            agent.Kill(entireProcessTree: true);
            await agent.WaitForExitAsync();
        }

        var beat = server.Counters.LastHeartbeat;
        var queued = Directory.Exists(Path.Combine(data, "queue")) ? Directory.GetFiles(Path.Combine(data, "queue")).Length : 0;
        var result = new EdgeUnderLoad(
            name, options.AgentSeconds, samples[0], Stopwatches.Median(samples), samples.Max(), samples[^1],
            server.Counters.Captures, beat?.Fps ?? 0, queued, beat?.FramesSkipped ?? 0);
        log($"{name}: RSS start {result.RssStartMib:F0} MiB, median {result.RssMedianMib:F0}, max {result.RssMaxMib:F0}, last {result.RssLastMib:F0}; " +
            $"{result.CapturesReceived} captures acknowledged, {queued} files queued, {result.FramesSkipped} frames skipped");
        return result;
    }

    // Visitors at a desk: the largest face of each sample photo framed as a 640x480 desk camera would, 20 frames each.
    private List<byte[]> DeskFrames()
    {
        var store = ModelStore.Discover();
        var frames = new List<byte[]>();
        foreach (var sample in new[] { "sample1", "sample4", "sample5", "sample6" })
        {
            using var photo = ImageDecoder.DecodeFile(store.AssetPath(sample));
            var face = pipeline.Detector.Detect(photo.Bgr).MaxBy(d => d.Box.Area)!;
            var frame = PipelineBenchmark.MakeDeskFrame(photo.Bgr, face);
            frames.AddRange(Enumerable.Repeat(frame, 20));
        }

        return frames;
    }

    private static double ProcessorFps(FacePipeline pipeline, List<byte[]> encoded, double seconds)
    {
        var processor = new FrameProcessor(pipeline, new FaceTracker(), new BestShotSelector());
        var at = DateTimeOffset.UtcNow;

        // The processor owns nothing of the frame; the decoded image is reused.
        return FramesPerSecond(encoded, seconds, (image, index) => processor.Process(new Frame(image, at.AddMilliseconds(index * 100), index)));
    }

    // Runs every frame at least once and for at least `seconds`, one after another; frames per second.
    private static double FramesPerSecond(List<byte[]> encoded, double seconds, Action<Mat, long> process)
    {
        var decoded = encoded.Select(e => ImageDecoder.Decode(e)).ToList();
        try
        {
            long index = 0;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < seconds || index < decoded.Count)
            {
                process(decoded[(int)(index % decoded.Count)].Bgr, index);
                index++;
            }

            return index / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            decoded.ForEach(d => d.Dispose());
        }
    }
}
