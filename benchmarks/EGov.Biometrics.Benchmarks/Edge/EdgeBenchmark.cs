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
/// same run, and against the processor running the pose model for every face (as it did before best-shot candidates);
/// the three take turns frame by frame. Then egov-edge as its own process, fed a folder faster than it can process, against a server
/// that acknowledges at once and against one that takes <see cref="EdgeOptions.SlowAck"/> per capture:
/// its resident memory should stay flat under the slow one (frames skipped, captures waiting on disk).
/// </summary>
public sealed class EdgeBenchmark(FacePipeline pipeline, Action<string> log)
{
    public async Task<EdgeBenchmarkResult> RunAsync(EdgeOptions options)
    {
        var frames = DeskFrames();
        var rates = FramesPerSecond(
            frames,
            options.ProcessorSeconds,
            Processor(pipeline, FrameProcessorOptions.Default),
            (image, _) => pipeline.Detector.Detect(image),
            Processor(pipeline, new FrameProcessorOptions { QualityForEveryFace = true }));
        var (processorFps, detectorFps, everyFaceFps) = (rates[0], rates[1], rates[2]);
        var appearanceMs = AppearanceMs(frames[0]);
        var stages = Stages(frames);
        log($"stages: {stages}");
        log($"processor {processorFps:F1} frames/s, detector alone {detectorFps:F1} frames/s, pose model for every face {everyFaceFps:F1} frames/s; " +
            $"appearance descriptor {appearanceMs:F3} ms per face");
        EdgeBenchmarkResult Result(EdgeUnderLoad? fast, EdgeUnderLoad? slow) =>
            new("640x480 desk frames, one face", processorFps, detectorFps, processorFps / detectorFps, fast, slow)
            {
                EveryFaceQualityFps = everyFaceFps,
                AppearanceMs = appearanceMs,
                Stages = stages,
            };
        if (options.AgentSeconds <= 0)
        {
            return Result(null, null);
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
            return Result(fast, slow);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>How long egov-edge may take from its start to its first heartbeat.</summary>
    private static readonly TimeSpan AgentStartLimit = TimeSpan.FromMinutes(2);

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
            // The run is timed from the agent's first heartbeat: its start (runtime, models) is not what is measured,
            // and on a loaded machine it could take most of a fixed window from one server and not the other.
            var started = Stopwatch.StartNew();
            while (server.Counters.LastHeartbeat is null)
            {
                await Task.Delay(100);
                Running(agent, name);
                if (started.Elapsed > AgentStartLimit)
                {
                    throw new TimeoutException($"egov-edge sent no heartbeat to the {name} server within {AgentStartLimit.TotalSeconds:F0} s.");
                }
            }

            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < options.AgentSeconds)
            {
                await Task.Delay(1000);
                Running(agent, name);
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

    private static void Running(Process agent, string server)
    {
        agent.Refresh();
        if (agent.HasExited)
        {
            throw new InvalidOperationException($"egov-edge exited with code {agent.ExitCode} under the {server} server.");
        }
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

    private static Action<Mat, long> Processor(FacePipeline pipeline, FrameProcessorOptions options)
    {
        var processor = new FrameProcessor(pipeline, new FaceTracker(), new BestShotSelector(), options);
        var at = DateTimeOffset.UtcNow;

        // The processor owns nothing of the frame; the decoded image is reused.
        return (image, index) => processor.Process(new Frame(image, at.AddMilliseconds(index * 100), index));
    }

    // The tracker's appearance check: one descriptor per face per frame (its cosine against each live track is 384 floats).
    private double AppearanceMs(byte[] encoded)
    {
        using var frame = ImageDecoder.Decode(encoded);
        using var face = pipeline.Analyze(frame.Bgr, AnalysisOptions.DetectOnly with { Fallbacks = false, MaxFaces = 1 }).Single();
        return Stopwatches.MedianMs(() => AppearanceDescriptor.Compute(face.Aligned.Image), 200);
    }

    // Each stage on its own over the distinct desk frames (each sample's frame once), 50 passes.
    private EdgeStageTimes Stages(List<byte[]> encoded)
    {
        var decoded = encoded.Distinct().Select(e => ImageDecoder.Decode(e)).ToList();
        try
        {
            var images = decoded.Select(d => d.Bgr).ToList();
            EdgeStages.Measure(pipeline, images, 5);
            return EdgeStages.Measure(pipeline, images, 50);
        }
        finally
        {
            decoded.ForEach(d => d.Dispose());
        }
    }

    // Frames per second of each contender over every frame at least once and for at least `seconds` each. The contenders
    // take turns frame by frame, so a load that comes and goes on a shared machine slows them alike and their ratios hold.
    private static double[] FramesPerSecond(List<byte[]> encoded, double seconds, params Action<Mat, long>[] contenders)
    {
        var decoded = encoded.Select(e => ImageDecoder.Decode(e)).ToList();
        try
        {
            var spent = new long[contenders.Length];
            long index = 0;
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed.TotalSeconds < seconds * contenders.Length || index < decoded.Count)
            {
                for (var c = 0; c < contenders.Length; c++)
                {
                    var start = Stopwatch.GetTimestamp();
                    contenders[c](decoded[(int)(index % decoded.Count)].Bgr, index);
                    spent[c] += Stopwatch.GetTimestamp() - start;
                }

                index++;
            }

            return [.. spent.Select(ticks => index / Stopwatch.GetElapsedTime(0, ticks).TotalSeconds)];
        }
        finally
        {
            decoded.ForEach(d => d.Dispose());
        }
    }
}
