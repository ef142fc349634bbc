using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Cloud.Unum.USearch;
using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Matching.Search;

namespace EGov.Biometrics.Matching.Approximate;

/// <summary>
/// An approximate index for very large registries: USearch's HNSW graph behind <see cref="ITemplateIndex"/>.
/// Off by default — a candidate HNSW misses is a false non-match — so it only fronts an exact re-check.
/// USearch reports cosine distance; scores here are 1 − distance, the cosine similarity.
/// </summary>
public sealed class HnswTemplateIndex : ITemplateIndex, IDisposable
{
    private readonly USearchIndex _index;
    private readonly ConcurrentDictionary<long, string> _subjects = new();

    public HnswTemplateIndex(int dimension, HnswOptions? options = null)
    {
        options ??= new HnswOptions();
        Dimension = dimension;
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException(
                $"HNSW needs USearch's native library, which its package ships for linux-x64, osx-arm64 and win-x64 only, not {RuntimeInformation.RuntimeIdentifier}.");
        }

        _index = new USearchIndex(
            MetricKind.Cos, ScalarKind.Float32, (ulong)dimension,
            (ulong)options.Connectivity, (ulong)options.ExpansionAdd, (ulong)options.ExpansionSearch, multi: false);
    }

    /// <summary>Whether USearch's package carries its native library for this platform (linux-arm64 boxes: no).</summary>
    public static bool IsSupported { get; } =
        RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => OperatingSystem.IsLinux() || OperatingSystem.IsWindows(),
            Architecture.Arm64 => OperatingSystem.IsMacOS(),
            _ => false,
        };

    public int Dimension { get; }

    public int Count => (int)_index.Size();

    public void Add(long templateId, string subjectId, ReadOnlySpan<float> vector)
    {
        VectorValidation.EnsureUnit(vector, Dimension);
        if (!_subjects.TryAdd(templateId, subjectId))
        {
            throw new InvalidOperationException($"Template {templateId} is already in the index.");
        }

        _index.Add((ulong)templateId, vector.ToArray());
    }

    /// <summary>Adds many templates in one native call.</summary>
    public void AddRange(IReadOnlyList<long> templateIds, IReadOnlyList<string> subjectIds, float[][] vectors)
    {
        if (templateIds.Count != subjectIds.Count || templateIds.Count != vectors.Length)
        {
            throw new ArgumentException($"{templateIds.Count} ids, {subjectIds.Count} subjects and {vectors.Length} vectors do not line up.");
        }

        // Everything is checked before anything is registered, so a refused batch leaves no trace.
        foreach (var vector in vectors)
        {
            VectorValidation.EnsureUnit(vector, Dimension);
        }

        var duplicate = templateIds.FirstOrDefault(id => _subjects.ContainsKey(id), -1);
        if (duplicate >= 0 || templateIds.Distinct().Count() != templateIds.Count)
        {
            throw new InvalidOperationException($"Template {duplicate} is already in the index (or repeated in the batch).");
        }

        for (var i = 0; i < templateIds.Count; i++)
        {
            _subjects[templateIds[i]] = subjectIds[i];
        }

        try
        {
            _index.Add(templateIds.Select(id => (ulong)id).ToArray(), vectors);
        }
        catch
        {
            foreach (var id in templateIds)
            {
                _subjects.TryRemove(id, out _);
            }

            throw;
        }
    }

    public bool Remove(long templateId) => _subjects.TryRemove(templateId, out _) && _index.Remove((ulong)templateId) > 0;

    public IReadOnlyList<SearchHit> Search(ReadOnlySpan<float> query, int k)
    {
        VectorValidation.EnsureUnit(query, Dimension, "query");
        var found = _index.Search(query.ToArray(), k, out var keys, out var distances);
        var hits = new List<SearchHit>(found);
        for (var i = 0; i < found; i++)
        {
            if (_subjects.TryGetValue((long)keys[i], out var subject))
            {
                hits.Add(new SearchHit((long)keys[i], subject, 1 - distances[i]));
            }
        }

        return hits;
    }

    public void Dispose() => _index.Dispose();
}
