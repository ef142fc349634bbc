using System.Diagnostics;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Pipeline;
using EGov.Biometrics.Vision.Quality;

namespace EGov.Biometrics.Benchmarks.Pose;

/// <summary>
/// How far the landmark pose (<see cref="LandmarkPoseEstimator"/>) is from the pose model's on LFW: the largest face of
/// each image, both poses, the absolute difference per angle (mean, median, 95th percentile, max), the mean signed
/// difference (a bias the mean 3-D face would carry), how often the two agree on the quality gates, and what each costs.
/// </summary>
public sealed class PoseAgreementBenchmark(FacePipeline pipeline, QualityOptions gates)
{
    public PoseAgreementResult Run(IEnumerable<string> images, string set)
    {
        var model = new List<HeadPose>();
        var landmarks = new List<HeadPose>();
        var modelTicks = 0L;
        var landmarkTicks = 0L;
        foreach (var path in images)
        {
            using var decoded = Readable(path);
            var face = decoded is null ? null : pipeline.Detector.Detect(decoded.Bgr).MaxBy(d => d.Box.Area);
            if (face is null)
            {
                continue;
            }

            var located = pipeline.Landmarker.Locate(decoded!.Bgr, face.Box);
            var start = Stopwatch.GetTimestamp();
            landmarks.Add(LandmarkPoseEstimator.Estimate(located));
            landmarkTicks += Stopwatch.GetTimestamp() - start;
            start = Stopwatch.GetTimestamp();
            model.Add(pipeline.QualityAssessor.ModelPose(decoded.Bgr, face.Box));
            modelTicks += Stopwatch.GetTimestamp() - start;
        }

        if (model.Count == 0)
        {
            throw new InvalidOperationException($"No face found in {set}.");
        }

        bool Passes(HeadPose p) => Math.Abs(p.Yaw) <= gates.MaxYaw && Math.Abs(p.Pitch) <= gates.MaxPitch && Math.Abs(p.Roll) <= gates.MaxRoll;
        var pairs = model.Zip(landmarks).ToList();
        var t = LandmarkPoseEstimator.Tolerance;
        var within = pairs.Count(p => Math.Abs(p.First.Yaw - p.Second.Yaw) <= t.Yaw && Math.Abs(p.First.Pitch - p.Second.Pitch) <= t.Pitch
            && Math.Abs(p.First.Roll - p.Second.Roll) <= t.Roll) / (double)pairs.Count;
        return new PoseAgreementResult(
            set,
            model.Count,
            Angle(pairs.Select(p => (p.First.Yaw, p.Second.Yaw))),
            Angle(pairs.Select(p => (p.First.Pitch, p.Second.Pitch))),
            Angle(pairs.Select(p => (p.First.Roll, p.Second.Roll))),
            within,
            pairs.Count(p => Passes(p.First) == Passes(p.Second)) / (double)pairs.Count,
            pairs.Count(p => Passes(p.First)) / (double)pairs.Count,
            Stopwatch.GetElapsedTime(0, landmarkTicks).TotalMilliseconds / model.Count,
            Stopwatch.GetElapsedTime(0, modelTicks).TotalMilliseconds / model.Count);
    }

    // LFW holds a few files the decoder refuses; they are left out, not counted.
    private static DecodedImage? Readable(string path)
    {
        try
        {
            return ImageDecoder.DecodeFile(path);
        }
        catch (InvalidImageException)
        {
            return null;
        }
    }

    private static AngleAgreement Angle(IEnumerable<(float Model, float Landmarks)> pairs)
    {
        var signed = pairs.Select(p => (double)p.Landmarks - p.Model).ToList();
        var absolute = signed.Select(Math.Abs).Order().ToList();
        return new AngleAgreement(
            absolute.Average(),
            Stopwatches.Median(absolute),
            absolute[Math.Min(absolute.Count - 1, (int)Math.Ceiling(0.95 * absolute.Count) - 1)],
            absolute[^1],
            signed.Average());
    }
}
