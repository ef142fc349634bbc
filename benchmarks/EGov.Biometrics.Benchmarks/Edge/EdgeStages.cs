using System.Diagnostics;
using EGov.Biometrics.Edge.Tracking;
using EGov.Biometrics.Vision.Liveness;
using EGov.Biometrics.Vision.Pipeline;
using OpenCvSharp;

namespace EGov.Biometrics.Benchmarks.Edge;

/// <summary>
/// Where a processed frame's time goes: each stage the frame processor runs, called one after another as the processor
/// calls them and timed on its own over the desk frames, in mean ms per frame for every face of the frame. The processor
/// runs the last three only for some faces: a liveness context crop when a window is due one or a face is its most
/// turned or closed-eyed so far, a PNG for each crop of a capture it sends, the pose model for best-shot candidates.
/// </summary>
public static class EdgeStages
{
    private const int Stages = 8;

    /// <summary>Mean ms per frame of each stage over <paramref name="rounds"/> passes over <paramref name="frames"/>.</summary>
    public static EdgeStageTimes Measure(FacePipeline pipeline, IReadOnlyList<Mat> frames, int rounds)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(frames);
        var options = AnalysisOptions.DetectOnly with { Fallbacks = false, Quality = false };
        var assessor = pipeline.QualityAssessor;
        var ticks = new long[Stages];
        var stage = 0;
        var lap = 0L;
        void Start()
        {
            stage = 0;
            lap = Stopwatch.GetTimestamp();
        }

        void Lap()
        {
            var now = Stopwatch.GetTimestamp();
            ticks[stage++] += now - lap;
            lap = now;
        }

        long faces = 0;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var frame in frames)
            {
                Start();
                var detections = pipeline.Detect(frame, options);
                Lap();
                foreach (var detection in detections)
                {
                    stage = 1;
                    var box = detection.Box;
                    var landmarks = pipeline.Landmarker.Locate(frame, box);
                    Lap();
                    using var aligned = pipeline.Aligner.Align(frame, landmarks.Points5, pipeline.Embedder.Template);
                    Lap();
                    _ = assessor.Measure(frame, box, landmarks, aligned.Image);
                    Lap();
                    _ = AppearanceDescriptor.Compute(aligned.Image);
                    Lap();
                    using var context = LivenessContext.Crop(frame, box);
                    Lap();
                    Cv2.ImEncode(".png", context, out _);
                    Lap();
                    _ = assessor.ModelPose(frame, box);
                    Lap();
                    faces++;
                }
            }
        }

        var passes = (double)rounds * frames.Count;
        double Ms(int s) => Stopwatch.GetElapsedTime(0, ticks[s]).TotalMilliseconds / passes;
        return new EdgeStageTimes(faces / passes, Ms(0), Ms(1), Ms(2), Ms(3), Ms(4), Ms(5), Ms(6), Ms(7));
    }
}
