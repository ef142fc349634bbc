using System.Collections.Concurrent;
using System.Diagnostics;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Recognition;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>
/// LFW View 2 through <see cref="FaceRecognition"/>, as a migrating FaceRecognitionDotNet user would call it: the face
/// nearest the image centre (LFW centres its subject; where none is found, a centred box of half the image side),
/// its dlib encoding, and compare-faces at a fixed tolerance.
/// </summary>
public sealed class FaceRecognitionLfwBenchmark(FaceRecognition faces, Action<string> progress)
{
    /// <param name="jitters">face_recognition's num_jitters for every encoding.</param>
    /// <param name="calibrate">Also encode every LFW image and derive tolerances by FMR from all cross-identity pairs.</param>
    public FaceRecognitionLfwReport Run(LfwDataset data, double tolerance, int jitters, bool calibrate, string cpu)
    {
        var pairImages = data.Pairs.SelectMany(p => new[] { p.First, p.Second }).Distinct().ToList();
        var images = calibrate ? [.. pairImages.Union(data.People.Values.SelectMany(v => v))] : pairImages;
        progress($"encoding {images.Count} images");
        var encodings = new ConcurrentDictionary<string, FaceEncoding>();
        var noFace = 0;
        var done = 0;
        var clock = Stopwatch.StartNew();
        Parallel.ForEach(images, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, path =>
        {
            var image = FaceRecognition.LoadImageFile(path);
            var (cx, cy) = (image.Width / 2, image.Height / 2);
            var location = faces.FaceLocations(image).Cast<Location?>()
                .MinBy(l => Math.Abs(((l!.Value.Left + l.Value.Right) / 2) - cx) + Math.Abs(((l.Value.Top + l.Value.Bottom) / 2) - cy));
            if (location is null)
            {
                Interlocked.Increment(ref noFace);
                location = new Location(cx - (image.Width / 4), cy - (image.Height / 4), cx + (image.Width / 4), cy + (image.Height / 4));
            }

            encodings[path] = faces.FaceEncodings(image, [location.Value], jitters)[0];
            if (Interlocked.Increment(ref done) % 1000 == 0)
            {
                progress($"{done} of {images.Count} images");
            }
        });
        var msPerImage = clock.Elapsed.TotalMilliseconds * Environment.ProcessorCount / images.Count;

        var distances = data.Pairs.Select(p => (Pair: p, Distance: FaceRecognition.FaceDistance(encodings[p.First], encodings[p.Second]))).ToList();
        bool Right((LfwPair Pair, double Distance) d) => (d.Distance <= tolerance) == d.Pair.Genuine;
        var folds = distances.GroupBy(d => d.Pair.Fold).Select(g => g.Count(Right) / (double)g.Count()).ToList();
        var foldMean = folds.Average();
        var impostors = distances.Where(d => !d.Pair.Genuine).ToList();
        var genuine = distances.Where(d => d.Pair.Genuine).ToList();
        var tenFold = VerificationMetrics.Evaluate([.. distances.Select(d => new ScoredPair((float)-d.Distance, d.Pair.Genuine, d.Pair.Fold))]);
        (long ImpostorPairs, IReadOnlyList<Vision.Models.FmrThreshold> Tolerances)? calibration = null;
        if (calibrate)
        {
            progress("tolerances over every cross-identity pair");
            calibration = DistanceCalibration.Calibrate([.. data.People.SelectMany(p => p.Value.Select(path => (p.Key, encodings[path])))]);
        }

        return new FaceRecognitionLfwReport(
            distances.Count,
            tolerance,
            jitters,
            distances.Count(Right) / (double)distances.Count,
            foldMean,
            Math.Sqrt(folds.Sum(a => (a - foldMean) * (a - foldMean)) / folds.Count),
            impostors.Count(d => d.Distance <= tolerance) / (double)impostors.Count,
            genuine.Count(d => d.Distance > tolerance) / (double)genuine.Count,
            tenFold.AccuracyMean,
            tenFold.AccuracyStd,
            tenFold.Auc,
            tenFold.Eer,
            images.Count,
            noFace,
            msPerImage,
            cpu,
            calibration?.ImpostorPairs,
            calibration?.Tolerances);
    }
}
