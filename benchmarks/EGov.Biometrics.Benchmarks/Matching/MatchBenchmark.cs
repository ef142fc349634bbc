using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using EGov.Biometrics.Matching.Approximate;
using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Matching.Kernels;
using EGov.Biometrics.Matching.Search;
using EGov.Biometrics.Matching.Storage;

namespace EGov.Biometrics.Benchmarks.Matching;

/// <summary>
/// Exact, int8, cascade, batched and HNSW top-k on one synthetic gallery, each beside two references
/// measured in the same run: the memory floor (the fastest plain read of the gallery's bytes on all cores)
/// and the baseline a careful user would write (TensorPrimitives.Dot per row into a heap, on all cores).
/// With <c>cascade</c> the gallery is built as a large one is run: written as an encrypted snapshot from a
/// stream of rows, loaded with its float rows memory-mapped (only codes, int8 rows and ids resident), and
/// searched by the cascade, with exact search (decrypting every row) as the reference for recall.
/// </summary>
public sealed class MatchBenchmark(Action<string> progress)
{
    private static readonly int[] SweepCandidates = [1024, 4096, 16_384, 65_536];
    private static readonly int[] SweepInt8Candidates = [20, 50, 200];

    public MatchBenchmarkResult Run(int n, int dim, int queries, int k, int usearchN, bool cascade = false, string? storeFolder = null, int seed = 1)
    {
        var folder = storeFolder ?? Directory.CreateTempSubdirectory("egov-bench-store-").FullName;
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"bench-{n}x{dim}.snapshot");
        try
        {
            return cascade ? RunMapped(n, dim, queries, k, path, seed) : RunInMemory(n, dim, queries, k, usearchN, path, seed);
        }
        finally
        {
            File.Delete(path);
            if (storeFolder is null)
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private MatchBenchmarkResult RunInMemory(int n, int dim, int queries, int k, int usearchN, string path, int seed)
    {
        var data = new SyntheticTemplates(dim, seed);
        progress($"filling a gallery of {n:N0} x {dim}");
        var clock = Stopwatch.StartNew();
        var gallery = new FaceGallery(dim);
        var buffer = new float[dim];
        for (var i = 0; i < n; i++)
        {
            data.Fill(i, buffer);
            gallery.Add(i, $"S{i / 2}", buffer);
        }

        var loadSeconds = clock.Elapsed.TotalSeconds;
        var random = new Random(seed);
        var probes = Enumerable.Range(0, Math.Max(queries, 64)).Select(q => data.Probe(random.Next(n), q)).ToArray();
        var single = probes.Take(queries).ToArray();

        // Interleaved, query by query, so that a noisy neighbour slows every method alike.
        progress("memory floor, exact, baseline, int8 and cascade, interleaved");
        var (floorTimes, exact, baseline, int8, cascade) = (new List<double>(), new List<double>(), new List<double>(), new List<double>(), new List<double>());
        var int8FloorTimes = new List<double>();
        foreach (var q in single)
        {
            floorTimes.Add(Time(() => ReadAll(gallery, int8Rows: false)));
            int8FloorTimes.Add(Time(() => ReadAll(gallery, int8Rows: true)));
            exact.Add(Time(() => gallery.Search(q, k, SearchMethod.Exact)));
            baseline.Add(Time(() => Baseline(gallery, q, k)));
            int8.Add(Time(() => gallery.SearchInt8(q, k)));
            cascade.Add(Time(() => gallery.Search(q, k, SearchMethod.Cascade)));
        }

        var floor = Median(floorTimes);
        progress("recall and batch of 64");
        var truth = single.Select(q => gallery.Search(q, 10, SearchMethod.Exact)).ToArray();
        var int8Recall = single.Select((q, i) => Recall(truth[i], gallery.SearchInt8(q, 10))).Average();
        var cascadeRecall = single.Select((q, i) => Recall(truth[i], gallery.Search(q, 10, SearchMethod.Cascade))).Average();
        IReadOnlyList<SearchHit>[] exactBatch = [], int8Batch = [];
        var batch = Median(Enumerable.Range(0, 3).Select(_ => Time(() => exactBatch = gallery.SearchBatch(probes[..64], Math.Max(k, 10), SearchMethod.Exact)))) / 64;
        var int8BatchMs = Median(Enumerable.Range(0, 3).Select(_ => Time(() => int8Batch = gallery.SearchBatch(probes[..64], Math.Max(k, 10), SearchMethod.Int8)))) / 64;
        var int8BatchRecall = exactBatch.Select((t, i) => Recall(t, int8Batch[i])).Average();
        var cascadeBatch = Median(Enumerable.Range(0, 3).Select(_ => Time(() => gallery.SearchBatch(probes[..64], k, SearchMethod.Cascade)))) / 64;
        var sweep = Sweep(gallery, single, truth, k);

        progress($"USearch HNSW on {usearchN:N0} vectors");
        var (hnswMs, hnswRecall, hnswMate, buildSeconds) = Hnsw(data, gallery, usearchN, queries, k, seed);

        var resident = ProcessMemory.ResidentAnonymousMib();
        progress("encrypted snapshot: write, then load into memory as a restart would");
        var key = new SnapshotKey("bench", RandomNumberGenerator.GetBytes(32));
        var write = Time(() => GalleryStore.Save(gallery, path, key)) / 1000;
        var loadSnapshot = Time(() => GalleryStore.Load(path, _ => key.Key, mapVectors: false)) / 1000;

        var exactMs = Median(exact);
        var baselineMs = Median(baseline);
        var int8Ms = Median(int8);
        return new MatchBenchmarkResult(
            n, dim, queries, k, KernelPaths.Best.ToString(), Round(exactMs), Round(floor), Round(exactMs / floor), Round(baselineMs),
            Round(exactMs / baselineMs), Round(int8Ms), Round(exactMs / int8Ms), Round(int8Recall, 4), Round(batch), Round(batch / exactMs, 4),
            usearchN, Round(hnswMs), Round(hnswRecall, 4), Round(hnswMate, 4), Round(buildSeconds), Round(loadSeconds), Round(gallery.MemoryBytes / 1048576.0),
            Isa, "memory", Round(Median(cascade)), Round(cascadeRecall, 4), gallery.Options.CascadeOrDefault.BinaryCandidates(n), Round(cascadeBatch), sweep,
            Round(resident), Round(ProcessMemory.ResidentFileMib()), Round(ProcessMemory.PeakResidentMib()), Round(write), Round(loadSnapshot), Round(new FileInfo(path).Length / (double)(1 << 30)),
            Round(int8BatchMs), Round(int8BatchMs / exactMs, 4), Round(int8BatchRecall, 4), Round(Median(int8FloorTimes)), Round(int8Ms / Median(int8FloorTimes)));
    }

    private MatchBenchmarkResult RunMapped(int n, int dim, int queries, int k, string path, int seed)
    {
        var data = new SyntheticTemplates(dim, seed);
        var key = new SnapshotKey("bench", RandomNumberGenerator.GetBytes(32));
        progress($"writing an encrypted snapshot of {n:N0} x {dim} from a stream of rows");
        var write = Time(() => GalleryStore.Write(path, key, dim, n, (int i, out long templateId, out string subjectId, Span<float> vector) =>
        {
            templateId = i;
            subjectId = (31_000_000_000_000L + (i / 2)).ToString(CultureInfo.InvariantCulture); // PINFL-like, two templates each
            data.Fill(i, vector);
        })) / 1000;

        progress("loading it as a restart would: codes, int8 rows and ids resident, float rows mapped");
        FaceGallery? gallery = null;
        var load = Time(() => gallery = GalleryStore.Load(path, _ => key.Key, mapVectors: true)) / 1000;

        var random = new Random(seed);
        var probes = Enumerable.Range(0, Math.Max(queries, 64)).Select(q => data.Probe(random.Next(n), q)).ToArray();
        var single = probes.Take(queries).ToArray();
        progress("cascade and int8, interleaved");
        var (cascade, int8) = (new List<double>(), new List<double>());
        foreach (var q in single)
        {
            cascade.Add(Time(() => gallery!.Search(q, k, SearchMethod.Cascade)));
            int8.Add(Time(() => gallery!.SearchInt8(q, k)));
        }

        // Resident after load and queries, garbage included; the peak before the exact pass touches every mapped page.
        var resident = ProcessMemory.ResidentAnonymousMib();
        var peak = ProcessMemory.PeakResidentMib();
        progress($"resident {resident:N0} MiB (peak {peak:N0} MiB); exact answers for recall: one batched pass decrypting every float row");
        IReadOnlyList<SearchHit>[] truth = [];
        var exactBatch = Time(() => truth = gallery!.SearchBatch(single, 10, SearchMethod.Exact));
        var cascadeRecall = single.Select((q, i) => Recall(truth[i], gallery!.Search(q, 10, SearchMethod.Cascade))).Average();
        var int8Recall = single.Select((q, i) => Recall(truth[i], gallery!.SearchInt8(q, 10))).Average();
        progress("cascade batch of 64 and the candidate sweep");
        var cascadeBatch = Median(Enumerable.Range(0, 3).Select(_ => Time(() => gallery!.SearchBatch(probes[..64], k, SearchMethod.Cascade)))) / 64;
        var sweep = Sweep(gallery!, single, truth, k);
        var exactMs = exactBatch; // one pass answers all the queries: what a single exact query costs on a mapped gallery
        var int8Ms = Median(int8);
        return new MatchBenchmarkResult(
            n, dim, queries, k, KernelPaths.Best.ToString(), Round(exactMs), double.NaN, double.NaN, double.NaN,
            double.NaN, Round(int8Ms), double.NaN, Round(int8Recall, 4), double.NaN, double.NaN,
            0, double.NaN, double.NaN, double.NaN, double.NaN, Round(write + load), Round(gallery!.MemoryBytes / 1048576.0),
            Isa, "mapped", Round(Median(cascade)), Round(cascadeRecall, 4), gallery.Options.CascadeOrDefault.BinaryCandidates(n), Round(cascadeBatch), sweep,
            Round(resident), Round(ProcessMemory.ResidentFileMib()), Round(peak), Round(write), Round(load), Round(new FileInfo(path).Length / (double)(1 << 30)),
            double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
    }

    /// <summary>Recall@10 and time of the cascade at a few candidate counts of each stage: the evidence for the defaults.</summary>
    private List<CascadeSweepPoint> Sweep(FaceGallery gallery, float[][] queries, IReadOnlyList<SearchHit>[] truth, int k)
    {
        var defaults = gallery.Options.CascadeOrDefault;
        var settings = SweepCandidates.Where(c => c < gallery.Count).Select(c => defaults with { BinaryFraction = 0, MinBinaryCandidates = c })
            .Concat(SweepInt8Candidates.Select(c => defaults with { Int8Candidates = c }));
        var points = new List<CascadeSweepPoint>();
        foreach (var options in settings)
        {
            var (binary, int8) = (options.BinaryCandidates(gallery.Count), options.Int8CandidatesFor(Math.Max(k, 10)));
            progress($"cascade sweep: {binary:N0} binary, {int8:N0} int8 candidates");
            var times = new List<double>();
            var recall = 0.0;
            for (var q = 0; q < queries.Length; q++)
            {
                IReadOnlyList<SearchHit> hits = [];
                times.Add(Time(() => hits = gallery.SearchCascade([queries[q]], Math.Max(k, 10), options)[0]));
                recall += Recall(truth[q], hits.Take(10).ToList());
            }

            points.Add(new CascadeSweepPoint(binary, int8, Round(recall / queries.Length, 4), Round(Median(times))));
        }

        return points;
    }

    private static string Isa => KernelPaths.Isa;

    /// <summary>
    /// A plain read of every row's bytes (an integer sum at the widest width the CPU accelerates, segments in
    /// parallel), the float rows or the int8 rows: the floor a scan of them cannot beat. On this machine the two can
    /// land in memory of different speeds (docs/benchmarks.md), so the int8 scan is judged against its own floor as
    /// well as against exact search.
    /// </summary>
    internal static int ReadAll(FaceGallery gallery, bool int8Rows)
    {
        var state = gallery.State;
        var total = 0;
        Parallel.For(0, state.Segments.Length, () => 0, (s, _, sum) =>
        {
            var segment = state.Segments[s];
            var count = state.RowsIn(s) * state.Dimension;
            var bytes = int8Rows ? MemoryMarshal.AsBytes(segment.Quantized.AsSpan(0, count)) : MemoryMarshal.AsBytes(segment.Vectors[..count]);
            // The widest width the CPU accelerates: the hand-written Vector512 loop this replaced (emulated on AVX2) read about
            // 8 % slower on a Zen 3 and flattered the ratios to the floor there.
            return sum + TensorPrimitives.Sum(MemoryMarshal.Cast<byte, int>(bytes));
        }, sum => Interlocked.Add(ref total, sum));
        return total;
    }

    /// <summary>What a careful user writes without this core: TensorPrimitives.Dot per row, a heap per thread.</summary>
    internal static List<(float Score, int Row)> Baseline(FaceGallery gallery, float[] query, int k)
    {
        var state = gallery.State;
        var merged = new PriorityQueue<int, float>();
        Parallel.For(0, state.Segments.Length, () => new PriorityQueue<int, float>(), (s, loop, heap) =>
        {
            var segment = state.Segments[s];
            for (var r = 0; r < state.RowsIn(s); r++)
            {
                var score = TensorPrimitives.Dot(segment.Row(r), query);
                if (heap.Count < k)
                {
                    heap.Enqueue(r, score);
                }
                else if (heap.TryPeek(out _, out var min) && score > min)
                {
                    heap.EnqueueDequeue(r, score);
                }
            }

            return heap;
        }, heap =>
        {
            lock (merged)
            {
                while (heap.TryDequeue(out var row, out var score))
                {
                    merged.Enqueue(row, score);
                    if (merged.Count > k)
                    {
                        merged.Dequeue();
                    }
                }
            }
        });
        return merged.UnorderedItems.Select(e => (e.Priority, e.Element)).OrderByDescending(e => e.Priority).ToList();
    }

    // Probes of templates inside the indexed subset; "mate" is whether the probe's own template comes first.
    private static (double Ms, double Recall, double MateAt1, double BuildSeconds) Hnsw(SyntheticTemplates data, FaceGallery gallery, int count, int queryCount, int k, int seed)
    {
        if (count <= 0)
        {
            return (double.NaN, double.NaN, double.NaN, double.NaN);
        }

        var random = new Random(seed + 1);
        var mates = Enumerable.Range(0, queryCount).Select(_ => (long)random.Next(count)).ToArray();
        var queries = mates.Select((m, i) => data.Probe(m, 1000 + i)).ToArray();

        // Exact answers over the same subset: a gallery of those vectors alone unless it is the whole gallery.
        var exact = count >= gallery.Count ? gallery : Subset(data, count);
        using var index = new HnswTemplateIndex(data.Dimension);
        var clock = Stopwatch.StartNew();
        const int Chunk = 10_000;
        for (var start = 0; start < count; start += Chunk)
        {
            var ids = Enumerable.Range(start, Math.Min(Chunk, count - start)).Select(i => (long)i).ToList();
            index.AddRange(ids, ids.Select(i => $"S{i / 2}").ToList(), ids.Select(data.Template).ToArray());
        }

        var build = clock.Elapsed.TotalSeconds;
        var times = queries.Select(q => Time(() => index.Search(q, k))).ToList();
        var recall = queries.Average(q => Recall(exact.Search(q, 10, SearchMethod.Exact).Select(h => h.TemplateId), index.Search(q, 10).Select(h => h.TemplateId)));
        var mateAt1 = queries.Select((q, i) => index.Search(q, 1) is [var top] && top.TemplateId == mates[i]).Average(found => found ? 1.0 : 0.0);
        return (Median(times), recall, mateAt1, build);
    }

    private static FaceGallery Subset(SyntheticTemplates data, int count)
    {
        var gallery = new FaceGallery(data.Dimension);
        for (var i = 0; i < count; i++)
        {
            gallery.Add(i, $"S{i / 2}", data.Template(i));
        }

        return gallery;
    }

    private static double Recall(IEnumerable<long> truth, IEnumerable<long> found)
    {
        var expected = truth.ToHashSet();
        return found.Count(expected.Contains) / (double)expected.Count;
    }

    private static double Recall(IReadOnlyList<SearchHit> truth, IReadOnlyList<SearchHit> found) =>
        Recall(truth.Select(h => h.TemplateId), found.Select(h => h.TemplateId));

    private static double Time(Action action)
    {
        var start = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static double Median(IEnumerable<double> values) => Stopwatches.Median(values.ToList());

    private static double Round(double value, int digits = 2) => Math.Round(value, digits);
}
