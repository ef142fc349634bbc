using System.Collections.Concurrent;
using System.Numerics.Tensors;
using EGov.Biometrics.Service.Decisions;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Onnx;
using EGov.Biometrics.Vision.Pipeline;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>
/// Two embedders alone, each with test-time flip, and their z-normalised score fusion (see <see cref="ScoreFusion"/>),
/// measured in one run on every LFW image: View 2 10-fold accuracy, TAR at FAR 1e-3 on its 3,000 impostor pairs,
/// TAR at the FMR 1e-4 threshold calibrated over every cross-identity pair, open-set identification as
/// <see cref="OpenSetIdentification"/>, and the cost per face. The fusion's weights come from each embedder's
/// impostor deviation over every cross-identity pair. Embeddings are kept in <see cref="LfwEmbeddingCache"/> files.
/// With jitters above 1, the second embedder is also measured on the facade's alignment — dlib's own 150x150 chip — and
/// the unit mean over that many jittered copies (faces found by this benchmark's locator; the facade averages the raw
/// descriptors and compares by Euclidean distance), alone and fused with the first.
/// </summary>
public sealed class LfwFusionBenchmark(FacePipeline pipeline, ModelCatalog catalog, Action<string> progress)
{
    public LfwFusionReport Run(LfwDataset data, string firstModel, string secondModel, string cacheDirectory, string cpu, int jitters = 1)
    {
        var images = data.People.Values.SelectMany(v => v).ToList();
        var manifest = catalog.Store.Manifest;
        var first = Variants(firstModel);
        var second = Variants(secondModel);
        var cache = new LfwEmbeddingCache(cacheDirectory);
        string FileFor(EmbeddingVariant v) => cache.PathFor(
            new[] { "detector", "landmarks" }.Select(t => manifest.ModelForTask(t).Sha256).Append(manifest.Model(v.ModelId).Sha256), v);

        IReadOnlyDictionary<string, LocatedFace>? located = null;
        var embedded = new Dictionary<EmbeddingVariant, IReadOnlyDictionary<string, float[]>>();
        foreach (var (plain, flipped) in new[] { first, second })
        {
            if (!File.Exists(FileFor(plain)) || !File.Exists(FileFor(flipped)))
            {
                if (located is null)
                {
                    progress($"locating faces in {images.Count} images");
                    located = new FaceLocator(pipeline).LocateAll(images);
                }

                progress($"embedding with {plain.Name}, and its mirrored crops");
                var (p, f) = EmbedWithMirror(plain, images, located);
                LfwEmbeddingCache.Write(FileFor(plain), data.Root, p);
                LfwEmbeddingCache.Write(FileFor(flipped), data.Root, f);
            }

            foreach (var v in new[] { plain, flipped })
            {
                embedded[v] = LfwEmbeddingCache.LoadOrEmbed(FileFor(v), data, _ => throw new InvalidOperationException("written above"), progress);
            }
        }

        EmbeddingVariant? chip = null;
        if (jitters > 1)
        {
            chip = new EmbeddingVariant(secondModel, second.Plain.Channels, AlignmentMethod.DlibChip, false, Jitters: jitters);
            if (!File.Exists(FileFor(chip)))
            {
                located ??= new FaceLocator(pipeline).LocateAll(images);
                progress($"embedding with {chip.Name}");
                using var embedder = chip.Open(catalog);
                LfwEmbeddingCache.Write(FileFor(chip), data.Root, LfwBenchmark.Embed(embedder, images, located));
            }

            embedded[chip] = LfwEmbeddingCache.LoadOrEmbed(FileFor(chip), data, _ => throw new InvalidOperationException("written above"), progress);
        }

        var costs = Costs([first.Plain, second.Plain, .. chip is null ? Array.Empty<EmbeddingVariant>() : [chip]], images.Take(40).ToList());
        var rows = new List<FusionRowReport>();
        var moments = new Dictionary<EmbeddingVariant, (double Mean, double Std)>();
        long impostorPairs = 0;
        foreach (var v in new[] { first.Plain, second.Plain, first.Flipped, second.Flipped })
        {
            progress($"measuring {v.Name}");
            moments[v] = ImpostorMoments.Of(Items(data, embedded[v]));
            var ms = costs.Locate + (v.FlipAverage ? 2 : 1) * costs.Embed[v with { FlipAverage = false }];
            (var row, impostorPairs) = Measure(v.Name, data, embedded[v], moments[v], ms);
            rows.Add(row);
        }

        if (chip is not null)
        {
            progress($"measuring {chip.Name}");
            moments[chip] = ImpostorMoments.Of(Items(data, embedded[chip]));
            rows.Add(Measure(chip.Name, data, embedded[chip], moments[chip], costs.Locate + costs.Embed[chip]).Row);
        }

        var fusions = new List<ScoreFusion>();
        var pairs = new List<(EmbeddingVariant, EmbeddingVariant)> { (first.Plain, second.Plain), (first.Flipped, second.Flipped) };
        if (chip is not null)
        {
            pairs.Add((first.Plain, chip));
        }

        foreach (var (a, b) in pairs)
        {
            var fusion = ScoreFusion.FromImpostorDeviations(a.ModelId, moments[a].Std, b.ModelId, moments[b].Std);
            fusions.Add(fusion);
            var name = $"fused z-sum: {a.Name} (weight {fusion.FirstWeight:F3}) + {b.Name}";
            progress($"measuring {name}");
            var joined = FusedEmbeddings.Join(fusion, embedded[a], embedded[b]);
            var ms = costs.Locate + ((a.FlipAverage ? 2 : 1) * (costs.Embed[a with { FlipAverage = false }] + costs.Embed[b with { FlipAverage = false }]));
            rows.Add(Measure(name, data, joined, ImpostorMoments.Of(Items(data, joined)), ms).Row);
        }

        return new LfwFusionReport(data.Pairs.Count, images.Count, impostorPairs, fusions[0].FirstWeight, fusions[1].FirstWeight, costs.Locate, rows, cpu);
    }

    private (EmbeddingVariant Plain, EmbeddingVariant Flipped) Variants(string model)
    {
        var channels = catalog.Store.Manifest.Model(model).Preprocessing.Channels;
        return (new EmbeddingVariant(model, channels, AlignmentMethod.Similarity5, false), new EmbeddingVariant(model, channels, AlignmentMethod.Similarity5, true));
    }

    private static List<(string Identity, float[] Vector)> Items(LfwDataset data, IReadOnlyDictionary<string, float[]> embeddings) =>
        data.People.SelectMany(p => p.Value.Select(path => (p.Key, embeddings[path]))).ToList();

    private static (FusionRowReport Row, long ImpostorPairs) Measure(
        string name, LfwDataset data, IReadOnlyDictionary<string, float[]> embeddings, (double Mean, double Std) moments, double msPerFace)
    {
        var scores = data.Pairs.Select(p => new ScoredPair(TensorPrimitives.Dot<float>(embeddings[p.First], embeddings[p.Second]), p.Genuine, p.Fold)).ToList();
        var verification = VerificationMetrics.Evaluate(scores);
        var identification = OpenSetIdentification.Evaluate(data.People, embeddings);
        var calibration = ImpostorCalibration.Calibrate(Items(data, embeddings));
        // Unresolved (null) where too few impostor pairs exist for FMR 1e-4.
        var at1e4 = calibration.Thresholds.FirstOrDefault(t => t.Fmr == 1e-4 && !t.Extrapolated)?.Threshold;
        var genuine = scores.Where(s => s.Genuine).ToList();
        var row = new FusionRowReport(
            name, verification.AccuracyMean, verification.AccuracyStd, verification.Auc, verification.Eer, verification.TarAtFar1e3,
            at1e4 is { } t ? genuine.Count(s => s.Score >= t) / (double)genuine.Count : null, identification.Rank1, identification.FnirAtFpir1e2,
            moments.Mean, moments.Std, calibration.Thresholds, msPerFace);
        return (row, calibration.ImpostorPairs);
    }

    private (ConcurrentDictionary<string, float[]> Plain, ConcurrentDictionary<string, float[]> Flipped) EmbedWithMirror(
        EmbeddingVariant variant, IReadOnlyList<string> paths, IReadOnlyDictionary<string, LocatedFace> located)
    {
        var (plain, flipped) = (new ConcurrentDictionary<string, float[]>(), new ConcurrentDictionary<string, float[]>());
        using var embedder = variant.Open(catalog);
        Parallel.ForEach(paths, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, path =>
        {
            using var image = ImageDecoder.DecodeFile(path);
            (plain[path], flipped[path]) = embedder.EmbedWithMirror(image.Bgr, variant.Points(located[path].Landmarks));
        });
        return (plain, flipped);
    }

    // Medians over a sample on one thread: decode, detect and landmarks once; align and embed per variant (without flip).
    private (double Locate, Dictionary<EmbeddingVariant, double> Embed) Costs(IReadOnlyList<EmbeddingVariant> variants, IReadOnlyList<string> sample)
    {
        var locator = new FaceLocator(pipeline);
        var located = sample.ToDictionary(p => p, p =>
        {
            using var image = ImageDecoder.DecodeFile(p);
            return locator.Locate(image);
        });
        var locate = Stopwatches.Median(sample.Select(p => Stopwatches.MedianMs(
            () =>
            {
                using var image = ImageDecoder.DecodeFile(p);
                locator.Locate(image);
            },
            runs: 1,
            warmup: 0)).ToList());
        var embed = new Dictionary<EmbeddingVariant, double>();
        foreach (var v in variants)
        {
            using var embedder = v.Open(catalog);
            var decoded = sample.ToDictionary(p => p, p => ImageDecoder.DecodeFile(p));
            embed[v] = Stopwatches.Median(sample.Select(p => Stopwatches.MedianMs(
                () => embedder.Embed(decoded[p].Bgr, v.Points(located[p].Landmarks)), runs: 1, warmup: 1)).ToList());
            foreach (var d in decoded.Values)
            {
                d.Dispose();
            }
        }

        return (locate, embed);
    }
}
