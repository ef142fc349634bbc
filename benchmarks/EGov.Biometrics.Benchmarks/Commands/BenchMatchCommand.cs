using System.CommandLine;
using EGov.Biometrics.Benchmarks.Matching;
using EGov.Biometrics.CommandLine;

namespace EGov.Biometrics.Benchmarks.Commands;

/// <summary><c>egov-bench match</c>: exact, int8, batched and HNSW 1:N search against the memory floor and a baseline.</summary>
internal static class BenchMatchCommand
{
    public static Command Create()
    {
        var n = new Option<int>("--n") { Description = "Gallery size.", DefaultValueFactory = _ => 1_000_000 };
        var dim = new Option<int>("--dim") { Description = "Vector dimension.", DefaultValueFactory = _ => 512 };
        var queries = new Option<int>("--queries") { Description = "Single queries timed (median reported).", DefaultValueFactory = _ => 20 };
        var k = new Option<int>("--k") { Description = "Results per query.", DefaultValueFactory = _ => 10 };
        var usearchN = new Option<int>("--usearch-n") { Description = "Vectors in the HNSW index, the first of the gallery (0 skips it). USearch's C# binding adds on one thread.", DefaultValueFactory = _ => 100_000 };
        var cascade = new Option<bool>("--cascade") { Description = "Run the gallery as a large one is run: an encrypted snapshot written from a stream, loaded with its float rows memory-mapped, searched by the cascade (for --n 10000000)." };
        var store = new Option<string?>("--store") { Description = "Folder for the snapshot file (default: a temporary folder; --cascade at 10,000,000 x 512 needs about 26 GB free)." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("match", "1:N search speed: exact, int8 + re-rank, the binary -> int8 -> float cascade, batch of 64 and USearch HNSW, with the memory floor and a baseline.")
        {
            n, dim, queries, k, usearchN, cascade, store, json,
        };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var size = parse.GetValue(n);
            var started = DateTime.UtcNow;
            var r = new MatchBenchmark(message => error.WriteLine($"[{DateTime.UtcNow - started:mm\\:ss}] {message}"))
                .Run(size, parse.GetValue(dim), parse.GetValue(queries), parse.GetValue(k), Math.Min(parse.GetValue(usearchN), size), parse.GetValue(cascade), parse.GetValue(store));
            if (parse.GetValue(json))
            {
                Json.Write(output, r);
                return 0;
            }

            output.WriteLine($"{r.N:N0} x {r.Dim}, {r.Store} store ({r.GalleryMemoryMib:N0} MiB held by the gallery, {r.ResidentMib:N0} MiB resident in the process), top-{r.K}, medians of {r.Queries} queries, {r.Isa}:");
            if (r.Store == "memory")
            {
                output.WriteLine($"  memory floor      {r.MemoryFloorMs,9:F2} ms   (plain read of the float rows, all cores)");
                output.WriteLine($"  exact float32     {r.ExactMs,9:F2} ms   {r.RatioToFloor:F2}x the floor, {r.RatioToBaseline:F2}x the baseline");
                output.WriteLine($"  baseline          {r.BaselineMs,9:F2} ms   (TensorPrimitives.Dot per row + heap, all cores)");
            }
            else
            {
                output.WriteLine($"  exact float32     {r.ExactMs,9:F2} ms   (one pass decrypting every mapped row, answering all {r.Queries} queries)");
            }

            output.WriteLine($"  int8 + re-rank    {r.Int8Ms,9:F2} ms   {r.Int8Speedup:F2}x faster than exact, recall@10 {r.Int8RecallAt10:F4}");
            if (r.Store == "memory")
            {
                output.WriteLine($"  int8 memory floor {r.Int8MemoryFloorMs,9:F2} ms   (plain read of the int8 rows, all cores; the int8 scan is {r.Int8RatioToFloor:F2}x it)");
            }

            output.WriteLine($"  cascade           {r.CascadeMs,9:F2} ms   recall@10 {r.CascadeRecallAt10:F4} ({r.CascadeBinaryCandidates:N0} binary candidates), batch of 64 {r.CascadeBatch64MsPerQuery:F2} ms per query");
            foreach (var point in r.CascadeSweep)
            {
                output.WriteLine($"    {point.BinaryCandidates,10:N0} binary, {point.Int8Candidates,4} int8 candidates: recall@10 {point.RecallAt10:F4}, {point.Ms:F2} ms");
            }

            if (r.Store == "memory")
            {
                output.WriteLine($"  batch of 64       {r.Batch64MsPerQuery,9:F2} ms per query ({r.Batch64RatioToSingle:F3} of a single query)");
                output.WriteLine($"  int8 batch of 64  {r.Int8Batch64MsPerQuery,9:F2} ms per query ({r.Int8Batch64RatioToSingle:F3} of a single exact query), recall@10 {r.Int8Batch64RecallAt10:F4}");
            }

            output.WriteLine($"  snapshot          {r.SnapshotGib:F2} GiB encrypted, written in {r.SnapshotWriteS:F1} s, loaded in {r.SnapshotLoadS:F1} s");
            if (r.UsearchN > 0)
            {
                output.WriteLine($"  USearch HNSW      {r.UsearchHnswMs,9:F2} ms   recall@10 {r.UsearchHnswRecallAt10:F4}, probe's own template first {r.UsearchHnswMateAt1:P0}; {r.UsearchN:N0} vectors, built in {r.UsearchBuildS:F1} s");
            }

            return 0;
        });
        return command;
    }
}
