using EGov.Biometrics.Matching.Kernels;
using EGov.Biometrics.Matching.Search;

namespace EGov.Biometrics.Matching.Gallery;

/// <summary>
/// The in-memory registry of templates with exact, batched and int8 top-k search. Writers are serialised
/// by a lock and publish immutable <see cref="GalleryState"/> views; searches read a view without locking,
/// so they run concurrently with writes and never wait for them. Removal marks a row dead (no copy);
/// <see cref="Compact"/> rewrites the live rows when tombstones pile up.
/// </summary>
public sealed class FaceGallery : ITemplateIndex
{
    private readonly Lock _writeLock = new();
    private readonly Dictionary<long, int> _rowOfTemplate = [];
    private readonly Dictionary<string, List<int>> _rowsOfSubject = new(StringComparer.Ordinal);
    private volatile GalleryState _state;

    public FaceGallery(int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        Dimension = dimension;
        _state = new GalleryState([], 0, dimension);
    }

    public int Dimension { get; }

    public int Count
    {
        get
        {
            lock (_writeLock)
            {
                return _rowOfTemplate.Count;
            }
        }
    }

    /// <summary>Rows that are removed but still occupy memory until <see cref="Compact"/>.</summary>
    public int Tombstones
    {
        get
        {
            lock (_writeLock)
            {
                return _state.Rows - _rowOfTemplate.Count;
            }
        }
    }

    public int SubjectCount
    {
        get
        {
            lock (_writeLock)
            {
                return _rowsOfSubject.Count;
            }
        }
    }

    /// <summary>Bytes held by vectors, their int8 copies and ids.</summary>
    public long MemoryBytes => _state.Segments.LongLength * Segment.RowsPerSegment * ((Dimension * 5L) + 21);

    internal GalleryState State => _state;

    /// <summary>A view and its live rows taken together under the write lock (an update moves a row; a snapshot must not miss it).</summary>
    internal (GalleryState State, int[] LiveRows) LiveView()
    {
        lock (_writeLock)
        {
            return (_state, _rowOfTemplate.Values.Order().ToArray());
        }
    }

    public void Add(long templateId, string subjectId, ReadOnlySpan<float> vector)
    {
        ArgumentException.ThrowIfNullOrEmpty(subjectId);
        VectorValidation.EnsureUnit(vector, Dimension);
        lock (_writeLock)
        {
            if (_rowOfTemplate.ContainsKey(templateId))
            {
                throw new InvalidOperationException($"Template {templateId} is already in the gallery.");
            }

            _state = Append(_state, templateId, subjectId, vector);
        }
    }

    /// <summary>Replaces a template's vector (a new row; the old one becomes a tombstone).</summary>
    public void Update(long templateId, ReadOnlySpan<float> vector)
    {
        VectorValidation.EnsureUnit(vector, Dimension);
        lock (_writeLock)
        {
            if (!_rowOfTemplate.TryGetValue(templateId, out var row))
            {
                throw new KeyNotFoundException($"Template {templateId} is not in the gallery.");
            }

            // Searches in between may miss this template for an instant; they never see it twice.
            var subject = _state.SubjectId(row);
            RemoveRow(templateId, row);
            _state = Append(_state, templateId, subject, vector);
        }
    }

    public bool Remove(long templateId)
    {
        lock (_writeLock)
        {
            if (!_rowOfTemplate.TryGetValue(templateId, out var row))
            {
                return false;
            }

            RemoveRow(templateId, row);
            return true;
        }
    }

    /// <summary>Removes every template of a subject; returns how many there were.</summary>
    public int RemoveSubject(string subjectId)
    {
        lock (_writeLock)
        {
            if (!_rowsOfSubject.TryGetValue(subjectId, out var rows))
            {
                return 0;
            }

            var removed = rows.ToList();
            foreach (var row in removed)
            {
                RemoveRow(_state.TemplateId(row), row);
            }

            return removed.Count;
        }
    }

    public bool ContainsSubject(string subjectId)
    {
        lock (_writeLock)
        {
            return _rowsOfSubject.ContainsKey(subjectId);
        }
    }

    /// <summary>
    /// Rewrites the live rows into fresh segments and publishes them at once; searches keep using the old
    /// view until they finish. Writers wait for the rewrite.
    /// </summary>
    public void Compact()
    {
        lock (_writeLock)
        {
            var old = _state;
            var live = _rowOfTemplate.Values.Order().ToList();
            _rowOfTemplate.Clear();
            _rowsOfSubject.Clear();
            var fresh = new GalleryState([], 0, Dimension);
            foreach (var row in live)
            {
                fresh = Append(fresh, old.TemplateId(row), old.SubjectId(row), old.Vector(row));
            }

            _state = fresh;
        }
    }

    public IReadOnlyList<SearchHit> Search(ReadOnlySpan<float> query, int k) => ExactSearch.Run(_state, Checked(query), k, KernelPaths.Best);

    /// <summary>One pass over the gallery for a whole batch of queries.</summary>
    public IReadOnlyList<SearchHit>[] SearchBatch(IReadOnlyList<float[]> queries, int k)
    {
        foreach (var query in queries)
        {
            Checked(query);
        }

        return ExactSearch.RunBatch(_state, queries, k, KernelPaths.Best);
    }

    /// <summary>Int8 scan for <paramref name="candidates"/> rows, then an exact float re-rank of them.</summary>
    public IReadOnlyList<SearchHit> SearchInt8(ReadOnlySpan<float> query, int k, int candidates = 0) =>
        QuantizedSearch.Run(_state, Checked(query), k, candidates > 0 ? candidates : Math.Max(10 * k, 100));

    /// <summary>The probe against every template of one subject, or null if the subject is unknown.</summary>
    public SubjectComparison? CompareSubject(ReadOnlySpan<float> query, string subjectId)
    {
        var probe = Checked(query);
        GalleryState state;
        int[] rows;
        lock (_writeLock)
        {
            if (!_rowsOfSubject.TryGetValue(subjectId, out var list))
            {
                return null;
            }

            (state, rows) = (_state, list.ToArray());
        }

        var scores = rows.Select(r => FloatKernels.Dot(state.Vector(r), probe)).ToArray();
        return new SubjectComparison(subjectId, scores.Max(), scores.Average(), scores.Length);
    }

    /// <summary>The k subjects whose best template is most similar to the probe.</summary>
    public IReadOnlyList<SubjectHit> IdentifySubjects(ReadOnlySpan<float> query, int k)
    {
        // Every template scoring at least the k-th subject's best belongs to the top k subjects, so the
        // top k × (most templates any subject has) templates contain each top subject's best.
        var state = _state;
        return Subjects(ExactSearch.Run(state, Checked(query), k * Math.Max(1, state.MaxTemplatesPerSubject), KernelPaths.Best), k);
    }

    /// <summary><see cref="IdentifySubjects"/> for a whole batch of probes in one pass over the gallery (<see cref="SearchBatch"/>'s tiles).</summary>
    public IReadOnlyList<SubjectHit>[] IdentifySubjectsBatch(IReadOnlyList<float[]> queries, int k)
    {
        foreach (var query in queries)
        {
            Checked(query);
        }

        // As for one probe: the top k × (most templates of a subject) templates hold each top subject's best.
        var state = _state;
        return [.. ExactSearch.RunBatch(state, queries, k * Math.Max(1, state.MaxTemplatesPerSubject), KernelPaths.Best).Select(hits => Subjects(hits, k))];
    }

    // Template hits, best first, to the best hit of each of the first k subjects.
    private static IReadOnlyList<SubjectHit> Subjects(IReadOnlyList<SearchHit> hits, int k) => hits
        .GroupBy(h => h.SubjectId, StringComparer.Ordinal)
        .Select(g => g.First())
        .Take(k)
        .Select(h => new SubjectHit(h.SubjectId, h.Score, h.TemplateId))
        .ToList();

    private float[] Checked(ReadOnlySpan<float> query)
    {
        VectorValidation.EnsureUnit(query, Dimension, "query");
        return query.ToArray();
    }

    /// <summary>Writes a row after the last one and returns the view that includes it; the caller publishes it.</summary>
    private GalleryState Append(GalleryState state, long templateId, string subjectId, ReadOnlySpan<float> vector)
    {
        var row = state.Rows;
        var segments = state.Segments;
        if (row == segments.Length * Segment.RowsPerSegment)
        {
            segments = [.. segments, new Segment(Dimension)];
        }

        segments[row / Segment.RowsPerSegment].Write(row % Segment.RowsPerSegment, templateId, subjectId, vector);
        _rowOfTemplate[templateId] = row;
        if (!_rowsOfSubject.TryGetValue(subjectId, out var rows))
        {
            _rowsOfSubject[subjectId] = rows = [];
        }

        rows.Add(row);
        return state with { Segments = segments, Rows = row + 1, MaxTemplatesPerSubject = Math.Max(state.MaxTemplatesPerSubject, rows.Count) };
    }

    private void RemoveRow(long templateId, int row)
    {
        var state = _state;
        Volatile.Write(ref state.SegmentOf(row).Live[row % Segment.RowsPerSegment], 0);
        _rowOfTemplate.Remove(templateId);
        var subject = state.SubjectId(row);
        var rows = _rowsOfSubject[subject];
        rows.Remove(row);
        if (rows.Count == 0)
        {
            _rowsOfSubject.Remove(subject);
        }
    }
}
