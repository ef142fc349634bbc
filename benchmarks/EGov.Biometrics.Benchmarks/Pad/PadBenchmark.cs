using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Liveness;
using EGov.Biometrics.Vision.Liveness.Attacks;
using EGov.Biometrics.Vision.Pipeline;
using OpenCvSharp;

namespace EGov.Biometrics.Benchmarks.Pad;

/// <summary>
/// Presentation-attack detection on bona fide photos (the sample photos' faces, LFW when given) and on the
/// synthetic attack set made from them (<see cref="SyntheticAttacks"/>): each presentation is seen over a visit of
/// a few frames (the desk agent's frames: camera noise differs between them), scored by the detector the server
/// runs, and counted against the threshold in force.
/// </summary>
public sealed class PadBenchmark(FacePipeline pipeline, PresentationAttackDetector detector, float threshold)
{
    public const int FramesPerVisit = 3;

    /// <summary>Faces smaller than this (box height in pixels) are background people, not a citizen at a desk.</summary>
    private const float MinFaceHeight = 60;

    /// <summary>Every face of the sample photos that a desk camera could take (large enough), as bona fide scenes cropped around it.</summary>
    public IEnumerable<(string Name, Mat Scene)> SampleScenes(IEnumerable<string> photos)
    {
        foreach (var path in photos)
        {
            using var photo = ImageDecoder.DecodeFile(path);
            var faces = pipeline.Detector.Detect(photo.Bgr).Where(d => d.Box.Height >= MinFaceHeight).OrderBy(d => d.Box.X).ToList();
            for (var i = 0; i < faces.Count; i++)
            {
                yield return ($"{Path.GetFileNameWithoutExtension(path)}#{i + 1}", SyntheticAttacks.DeskView(photo.Bgr, faces[i].Box));
            }
        }
    }

    /// <summary>Scores <paramref name="scenes"/> as bona fide and as each PAI species; the scenes are disposed.</summary>
    public List<PadSample> Score(IEnumerable<(string Name, Mat Scene)> scenes, int seed)
    {
        var samples = new List<PadSample>();
        foreach (var (name, scene) in scenes)
        {
            using (scene)
            {
                var bona = Visit(name, null, scene, seed);
                if (bona is null)
                {
                    continue; // no face found in the bona fide scene: nothing to attack with either
                }

                samples.Add(bona);
                foreach (var species in Enum.GetValues<PaiSpecies>())
                {
                    using var attack = SyntheticAttacks.Render(scene, species, StableSeed(name, species, seed));
                    samples.Add(Visit(name, species, attack, seed) ?? new PadSample(name, species, [], float.NaN));
                }
            }
        }

        return samples;
    }

    public PadBenchmarkResult Report(string set, IReadOnlyList<PadSample> samples)
    {
        var bona = samples.Where(s => s.Species is null).ToList();
        var frames = bona.SelectMany(s => s.Frames).ToList();
        var apcer = Enum.GetValues<PaiSpecies>().ToDictionary(
            s => Name(s),
            s =>
            {
                var attacks = samples.Where(a => a.Species == s).ToList();
                var seen = attacks.Where(a => a.Frames.Count > 0).ToList();
                var attackFrames = seen.SelectMany(a => a.Frames).ToList();
                return new SpeciesResult(
                    attacks.Count, seen.Count,
                    Round(Rate(seen, a => a.Visit >= threshold)),
                    Round(Rate(attackFrames, f => f.Liveness >= threshold)));
            });

        // MiniFAS alone, at the threshold that gives it the same per-frame BPCER as the combined score.
        var bpcerPerFrame = Rate(frames, f => f.Liveness < threshold);
        var miniFasThreshold = Quantile(frames.Select(f => (double)f.MiniFas), bpcerPerFrame);
        var miniFasAlone = Enum.GetValues<PaiSpecies>().ToDictionary(
            s => Name(s),
            s => Round(Rate(samples.Where(a => a.Species == s).SelectMany(a => a.Frames).ToList(), f => f.MiniFas > miniFasThreshold)));

        var classes = new[] { ("bona_fide", (PaiSpecies?)null) }.Concat(Enum.GetValues<PaiSpecies>().Select(s => (Name(s), (PaiSpecies?)s)));
        var signals = classes.ToDictionary(
            c => c.Item1,
            c => Percentiles(samples.Where(s => s.Species == c.Item2).SelectMany(s => s.Frames).ToList()));

        return new PadBenchmarkResult(
            set, bona.Count, FramesPerVisit, threshold,
            Round(Rate(bona, s => s.Visit < threshold)), Round(bpcerPerFrame), apcer, signals, miniFasAlone,
            bona.Where(s => s.Visit < threshold).Select(s => s.Source).Take(20).ToList(),
            "Synthetic attacks only: they measure the artefacts modelled by the generator, not real instruments; no certification.");
    }

    private PadSample? Visit(string name, PaiSpecies? species, Mat scene, int seed)
    {
        var detection = pipeline.Detector.Detect(scene).MaxBy(d => d.Box.Area);
        if (detection is null)
        {
            return null;
        }

        var frames = new List<PadFrame>(FramesPerVisit);
        for (var i = 0; i < FramesPerVisit; i++)
        {
            // Each frame of a visit: the same scene through fresh sensor noise, as the camera sees it again.
            using var frame = scene.Clone();
            using var noise = new Mat(scene.Size(), MatType.CV_16SC3);
            Cv2.Randn(noise, new Scalar(0, 0, 0), new Scalar(2, 2, 2));
            using var noisy = new Mat();
            Cv2.Add(frame, noise, noisy, null, MatType.CV_8UC3.Depth);
            using var context = LivenessContext.Crop(noisy, detection.Box);
            frames.Add(detector.Assess(context));
        }

        return new PadSample(name, species, frames, PresentationAttackDetector.OverFrames(frames.Select(f => f.Liveness).ToList()));
    }

    private static IReadOnlyDictionary<string, double[]> Percentiles(List<PadFrame> frames)
    {
        double[] At(Func<PadFrame, double> signal) =>
            frames.Count == 0 ? [] : [.. new[] { 0.01, 0.05, 0.5, 0.95, 0.99 }.Select(q => Round(Quantile(frames.Select(signal), q)))];
        return new Dictionary<string, double[]>
        {
            ["liveness"] = At(f => f.Liveness),
            ["minifas"] = At(f => f.MiniFas),
            ["moire"] = At(f => f.Cues.Moire),
            ["stripes"] = At(f => f.Cues.Stripes),
            ["black_level"] = At(f => f.Cues.BlackLevel),
            ["glare"] = At(f => f.Cues.Glare),
        };
    }

    // string.GetHashCode differs per process: the attack set must be the same in every run.
    private static int StableSeed(string name, PaiSpecies species, int seed)
    {
        var hash = 2166136261u;
        foreach (var c in $"{name}|{species}|{seed}")
        {
            hash = (hash ^ c) * 16777619u;
        }

        return (int)(hash & 0x7fffffff);
    }

    internal static double Quantile(IEnumerable<double> values, double q)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var position = Math.Clamp(q, 0, 1) * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(sorted.Length - 1, low + 1);
        return sorted[low] + ((sorted[high] - sorted[low]) * (position - low));
    }

    private static double Rate<T>(IReadOnlyCollection<T> items, Func<T, bool> counted) =>
        items.Count == 0 ? double.NaN : (double)items.Count(counted) / items.Count;

    private static double Round(double value) => Math.Round(value, 4);

    internal static string Name(PaiSpecies species) => species switch
    {
        PaiSpecies.PrintedPhoto => "printed_photo",
        PaiSpecies.ScreenReplay => "screen_replay",
        PaiSpecies.FramedPhoto => "framed_photo",
        _ => species.ToString(),
    };
}
