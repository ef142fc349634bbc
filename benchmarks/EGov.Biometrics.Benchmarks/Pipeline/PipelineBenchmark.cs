using System.Diagnostics;
using EGov.Biometrics.Vision.Detection;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Pipeline;
using EGov.Biometrics.Vision.Quality;
using OpenCvSharp;

namespace EGov.Biometrics.Benchmarks.Pipeline;

/// <summary>
/// Times each pipeline stage alone as the server runs it (<see cref="AnalysisOptions.All"/>), their sum against the
/// necessary inference (detection, embedding, liveness), quality with <see cref="PoseSource.Landmarks"/> beside it, the whole pipeline for one image
/// (independent stages side by side), and the throughput of a stream of images with one worker per core.
/// </summary>
public sealed class PipelineBenchmark(FacePipeline pipeline)
{
    private static readonly TimeSpan WarmupTime = TimeSpan.FromSeconds(1);

    public PipelineBenchmarkResult Run(byte[] encoded, string imageName, int iterations, TimeSpan throughputDuration)
    {
        using var image = ImageDecoder.Decode(encoded);
        var bgr = image.Bgr;
        var detections = pipeline.Detector.Detect(bgr);
        if (detections.Count == 0)
        {
            throw new InvalidOperationException($"No face found in {imageName}; the benchmark needs an image with a face.");
        }

        var face = detections.MaxBy(d => d.Box.Area)!;
        var landmarks = pipeline.Landmarker.Locate(bgr, face.Box);
        using var aligned = pipeline.Aligner.Align(bgr, landmarks.Points5, pipeline.Embedder.Template);

        // The whole pipeline for a second first: tiered compilation replaces a method's first, unoptimised code only
        // after 30 calls, counted from a pause in new compilation, so the first stage timed would otherwise time that.
        for (var warming = Stopwatch.StartNew(); warming.Elapsed < WarmupTime;)
        {
            AnalyzeEncoded(encoded, AnalysisOptions.All);
        }

        var stages = new Dictionary<string, double>
        {
            ["decode"] = Stopwatches.MedianMs(() => ImageDecoder.Decode(encoded).Dispose(), iterations),
            ["detect"] = Stopwatches.MedianMs(() => pipeline.Detector.Detect(bgr), iterations),
            ["landmarks"] = Stopwatches.MedianMs(() => pipeline.Landmarker.Locate(bgr, face.Box), iterations),
            ["align"] = Stopwatches.MedianMs(() => pipeline.Aligner.Align(bgr, landmarks.Points5, pipeline.Embedder.Template).Dispose(), iterations),
            ["quality"] = Stopwatches.MedianMs(() => pipeline.QualityAssessor.Assess(bgr, face, landmarks, aligned.Image, AnalysisOptions.All.Pose), iterations),
            ["liveness"] = Stopwatches.MedianMs(() => pipeline.LivenessDetector.Score(bgr, face.Box), iterations),
            ["embed"] = Stopwatches.MedianMs(() => pipeline.Embedder.Embed(aligned.Image), iterations),
        };

        var landmarkPose = LandmarkPoseEstimator.Estimate(landmarks);

        // The stages the server cannot do without; the rest (decode, landmarks, alignment, quality) is overhead on them.
        var necessary = stages["detect"] + stages["embed"] + stages["liveness"];
        var poseModel = Stopwatches.MedianMs(() => pipeline.QualityAssessor.ModelPose(bgr, face.Box), iterations);
        var qualityLandmarkPose = Stopwatches.MedianMs(() => pipeline.QualityAssessor.Assess(bgr, face, landmarks, aligned.Image, PoseSource.Landmarks), iterations);
        var total = Stopwatches.MedianMs(() => AnalyzeEncoded(encoded, AnalysisOptions.All), iterations);
        var workers = Environment.ProcessorCount;
        var facesPerSecond = Throughput(encoded, workers, throughputDuration);

        return new PipelineBenchmarkResult(
            imageName, image.Width, image.Height, detections.Count, iterations, stages, stages.Values.Sum(), necessary,
            stages.Values.Sum() / necessary, poseModel, qualityLandmarkPose, total, facesPerSecond, workers, Environment.ProcessorCount, throughputDuration.TotalSeconds,
            pipeline.QualityAssessor.ModelPose(bgr, face.Box), landmarkPose, pipeline.QualityAssessor is FaceQualityAssessor q && q.ClearOfPoseGates(landmarkPose));
    }

    /// <summary>A 640x480 JPEG framed around the best face of a photo: the size a desk camera sends.</summary>
    public static byte[] MakeDeskFrame(Mat photo, FaceDetection face)
    {
        var height = face.Box.Height * 2.4f;
        var region = new FaceBox(face.Box.CenterX - (height * 2 / 3), face.Box.CenterY - (height / 2), height * 4 / 3, height);
        using var frame = ImageTensor.CropResized(photo, region, new Size(640, 480));
        return frame.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, 92));
    }

    private int AnalyzeEncoded(byte[] encoded, AnalysisOptions options)
    {
        using var image = ImageDecoder.Decode(encoded);
        var faces = pipeline.Analyze(image.Bgr, options);
        foreach (var face in faces)
        {
            face.Dispose();
        }

        return faces.Count;
    }

    // One image per worker at a time: across a stream, parallel images use the cores better than parallel stages.
    private double Throughput(byte[] encoded, int workers, TimeSpan duration)
    {
        var sequential = AnalysisOptions.All with { Parallel = false };
        AnalyzeEncoded(encoded, sequential);
        var faces = 0L;
        var clock = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, workers).Select(_ => new Thread(() =>
        {
            while (clock.Elapsed < duration)
            {
                Interlocked.Add(ref faces, AnalyzeEncoded(encoded, sequential));
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        return faces / clock.Elapsed.TotalSeconds;
    }
}
