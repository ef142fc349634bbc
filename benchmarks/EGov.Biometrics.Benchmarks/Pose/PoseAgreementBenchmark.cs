using System.Diagnostics;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Pipeline;
using EGov.Biometrics.Vision.Quality;

namespace EGov.Biometrics.Benchmarks.Pose;

/// <summary>
/// How far the landmark pose (<see cref="LandmarkPoseEstimator"/>) is from the pose model's on LFW: the largest face of
/// each image, both poses, the absolute difference per angle (mean, median, 95th percentile, max), the mean signed
/// difference (a bias the mean 3-D face would carry), how often the two agree on the quality gates, what each costs,
/// and, fitted on half the faces and judged on the other half, the cascade of <see cref="PoseSource.Landmarks"/> with and without a per-angle calibration.
/// </summary>
public sealed class PoseAgreementBenchmark(FacePipeline pipeline, QualityOptions gates)
{
    public PoseAgreementResult Run(IEnumerable<string> images, string set, TextWriter? csv = null)
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
            csv?.WriteLine(FormattableString.Invariant($"{Path.GetFileName(path)},{model[^1].Yaw:F3},{model[^1].Pitch:F3},{model[^1].Roll:F3},{landmarks[^1].Yaw:F3},{landmarks[^1].Pitch:F3},{landmarks[^1].Roll:F3}"));
        }

        if (model.Count == 0)
        {
            throw new InvalidOperationException($"No face found in {set}.");
        }

        var gate = new PoseCascade(gates, default, AngleMap.Identity, AngleMap.Identity, AngleMap.Identity);
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
            pairs.Count(p => gate.Passes(p.First) == gate.Passes(p.Second)) / (double)pairs.Count,
            pairs.Count(p => gate.Passes(p.First)) / (double)pairs.Count,
            Stopwatch.GetElapsedTime(0, landmarkTicks).TotalMilliseconds / model.Count,
            Stopwatch.GetElapsedTime(0, modelTicks).TotalMilliseconds / model.Count,
            pairs.Count / 2,
            HeldOut(pairs));
    }

    /// <summary>
    /// Faces at even positions fit, faces at odd positions judge: the landmark pose as it is with the stated tolerance,
    /// then through per-angle least-squares maps with each tolerance set to the fit half's 99.5th percentile of the residual.
    /// </summary>
    private List<CascadeAgreement> HeldOut(List<(HeadPose Model, HeadPose Landmarks)> pairs)
    {
        var fit = pairs.Where((_, i) => i % 2 == 0).ToList();
        var held = pairs.Where((_, i) => i % 2 == 1).ToList();
        if (fit.Count < 2 || held.Count == 0)
        {
            return [];
        }

        var stated = Replay("stated", held, LandmarkPoseEstimator.Tolerance, AngleMap.Identity, AngleMap.Identity, AngleMap.Identity);
        var yaw = AngleMap.Fit([.. fit.Select(p => ((double)p.Landmarks.Yaw, (double)p.Model.Yaw))]);
        var pitch = AngleMap.Fit([.. fit.Select(p => ((double)p.Landmarks.Pitch, (double)p.Model.Pitch))]);
        var roll = AngleMap.Fit([.. fit.Select(p => ((double)p.Landmarks.Roll, (double)p.Model.Roll))]);
        var mapped = new PoseCascade(gates, default, yaw, pitch, roll);
        var residuals = fit.Select(p => (p.Model, Landmarks: mapped.Map(p.Landmarks))).ToList();
        var tolerance = new HeadPose(
            (float)Math.Ceiling(Angle(residuals.Select(p => (p.Model.Yaw, p.Landmarks.Yaw))).P995),
            (float)Math.Ceiling(Angle(residuals.Select(p => (p.Model.Pitch, p.Landmarks.Pitch))).P995),
            (float)Math.Ceiling(Angle(residuals.Select(p => (p.Model.Roll, p.Landmarks.Roll))).P995));
        return [stated, Replay("calibrated", held, tolerance, yaw, pitch, roll), Replay("calibrated, stated tolerance", held, LandmarkPoseEstimator.Tolerance, yaw, pitch, roll)];
    }

    private CascadeAgreement Replay(string name, List<(HeadPose Model, HeadPose Landmarks)> held, HeadPose tolerance, AngleMap yaw, AngleMap pitch, AngleMap roll)
    {
        var cascade = new PoseCascade(gates, tolerance, yaw, pitch, roll);
        var mapped = held.Select(p => (p.Model, Landmarks: cascade.Map(p.Landmarks))).ToList();
        var (agreement, decide) = cascade.Replay(held);
        return new CascadeAgreement(
            name, yaw, pitch, roll, tolerance,
            Angle(mapped.Select(p => (p.Model.Yaw, p.Landmarks.Yaw))),
            Angle(mapped.Select(p => (p.Model.Pitch, p.Landmarks.Pitch))),
            Angle(mapped.Select(p => (p.Model.Roll, p.Landmarks.Roll))),
            agreement,
            decide);
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

    private static double Percentile(List<double> sorted, double share) => sorted[Math.Clamp((int)Math.Ceiling(share * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static AngleAgreement Angle(IEnumerable<(float Model, float Landmarks)> pairs)
    {
        var signed = pairs.Select(p => (double)p.Landmarks - p.Model).ToList();
        var absolute = signed.Select(Math.Abs).Order().ToList();
        return new AngleAgreement(
            absolute.Average(),
            Stopwatches.Median(absolute),
            Percentile(absolute, 0.95),
            Percentile(absolute, 0.995),
            absolute[^1],
            signed.Average());
    }
}
