using EGov.Biometrics.Matching.Kernels;
using EGov.Biometrics.Matching.Search;

namespace EGov.Biometrics.Matching.Gallery;

/// <summary>
/// The in-memory registry of templates with exact, batched, int8 and cascade top-k search. Writers are
/// serialised by a lock and publish immutable <see cref="GalleryState"/> views; searches read a view without
/// locking, so they run concurrently with writes and never wait for them. Removal marks a row dead (no
/// copy); <see cref="Compact"/> rewrites the live rows when tombstones pile up. Ids are held compactly (two
/// flat hash maps, subject keys instead of strings, each subject's rows chained through the rows), so ten
/// million templates keep about 600 bytes a row resident: codes, int8 row and ids.
/// </summary>
public sealed class FaceGallery : ITemplateIndex
{
    private readonly Lock _writeLock = new();
    private readonly LongIntMap _rowOfTemplate = new();
    private readonly LongIntMap _firstRowOfSubject = new();
    private volatile GalleryState _state;

    public FaceGallery(int dimension, GalleryOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        Dimension = dimension;
        Options = options ?? GalleryOptions.Default;
        _state = new GalleryState([], 0, dimension, new SubjectKeys());
    }

    public int Dimension { get; }

    public GalleryOptions Options { get; }

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
                return _firstRowOfSubject.Count;
            }
        }
    }

    /// <summary>Bytes this gallery keeps in memory: resident row parts, in-memory vectors and id maps (not the mapped vectors).</summary>
    public long MemoryBytes
    {
        get
        {
            lock (_writeLock)
            {
                return _state.Segments.Sum(s => s.ResidentBytes) + _rowOfTemplate.MemoryBytes + _firstRowOfSubject.MemoryBytes;
            }
        }
    }

    /// <summary>Whether some vectors live sealed in a memory-mapped snapshot rather than in memory.</summary>
    public bool IsMapped => _state.Segments.Any(s => s.IsMapped);

    /// <summary>The method <see cref="Search(ReadOnlySpan{float}, int)"/> and <see cref="Identify"/> use at the gallery's present size.</summary>
    public SearchMethod PreferredMethod => Options.MethodFor(_state.Rows);

    internal GalleryState State => _state;

    /// <summary>A view and its live rows taken together under the write lock (an update moves a row; a snapshot must not miss it).</summary>
    internal (GalleryState State, int[] LiveRows) LiveView()
    {
        lock (_writeLock)
        {
            var state = _state;
            var live = new List<int>(_rowOfTemplate.Count);
            for (var row = 0; row < state.Rows; row++)
            {
                if (state.IsLive(row))
                {
                    live.Add(row);
                }
            }

            return (state, [.. live]);
        }
    }

    public void Add(long templateId, string subjectId, ReadOnlySpan<float> vector)
    {
        ArgumentException.ThrowIfNullOrEmpty(subjectId);
        VectorValidation.EnsureUnit(vector, Dimension);
        lock (_writeLock)
        {
            if (_rowOfTemplate.TryGetValue(templateId, out _))
            {
                throw new InvalidOperationException($"Template {templateId} is already in the gallery.");
            }

            _state = Append(_state, templateId, _state.Subjects.KeyOf(subjectId), vector);
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
            var subject = _state.SubjectKey(row);
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
            var rows = RowsOf(subjectId);
            foreach (var row in rows)
            {
                RemoveRow(_state.TemplateId(row), row);
            }

            return rows.Count;
        }
    }

    public bool ContainsSubject(string subjectId)
    {
        lock (_writeLock)
        {
            return _state.Subjects.TryFind(subjectId, out var key) && _firstRowOfSubject.TryGetValue(key, out _);
        }
    }

    /// <summary>
    /// Rewrites the live rows into fresh in-memory segments and publishes them at once; searches keep using
    /// the old view until they finish. Writers wait for the rewrite. A mapped gallery is compacted by writing
    /// a snapshot and loading it instead (its vectors would not fit in memory).
    /// </summary>
    public void Compact()
    {
        lock (_writeLock)
        {
            if (IsMapped)
            {
                throw new InvalidOperationException("A mapped gallery is compacted by saving and loading a snapshot (GalleryStore), not in memory.");
            }

            var (old, live) = (_state, LiveRowsUnderLock());
            ClearMaps();
            var fresh = new GalleryState([], 0, Dimension, old.Subjects);
            foreach (var row in live)
            {
                fresh = Append(fresh, old.TemplateId(row), old.SubjectKey(row), old.Vector(row));
            }

            _state = fresh;
        }
    }

    /// <summary>Top k by the method the gallery's size calls for (<see cref="PreferredMethod"/>).</summary>
    public IReadOnlyList<SearchHit> Search(ReadOnlySpan<float> query, int k) => Search(query, k, PreferredMethod);

    public IReadOnlyList<SearchHit> Search(ReadOnlySpan<float> query, int k, SearchMethod method)
    {
        var probe = Checked(query);
        var state = _state;
        return ParallelErrors.Unwrap(() => method switch
        {
            SearchMethod.Exact => ExactSearch.Run(state, probe, k, KernelPaths.Best),
            SearchMethod.Int8 => QuantizedSearch.Run(state, probe, k, Math.Max(10 * k, 100)),
            SearchMethod.Cascade => CascadeSearch.Run(state, probe, k, Options.CascadeOrDefault),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown search method."),
        });
    }

    /// <summary>One pass over the gallery for a whole batch of queries.</summary>
    public IReadOnlyList<SearchHit>[] SearchBatch(IReadOnlyList<float[]> queries, int k) => SearchBatch(queries, k, PreferredMethod);

    public IReadOnlyList<SearchHit>[] SearchBatch(IReadOnlyList<float[]> queries, int k, SearchMethod method)
    {
        foreach (var query in queries)
        {
            Checked(query);
        }

        var state = _state;
        return ParallelErrors.Unwrap(() => method switch
        {
            SearchMethod.Exact => ExactSearch.RunBatch(state, queries, k, KernelPaths.Best),
            SearchMethod.Int8 => [.. queries.Select(q => QuantizedSearch.Run(state, q, k, Math.Max(10 * k, 100)))],
            SearchMethod.Cascade => CascadeSearch.RunBatch(state, queries, k, Options.CascadeOrDefault),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown search method."),
        });
    }

    /// <summary>The cascade with explicit candidate counts (for tuning them against measured recall).</summary>
    public IReadOnlyList<SearchHit>[] SearchCascade(IReadOnlyList<float[]> queries, int k, CascadeOptions options)
    {
        foreach (var query in queries)
        {
            Checked(query);
        }

        var state = _state;
        return ParallelErrors.Unwrap(() => CascadeSearch.RunBatch(state, queries, k, options));
    }

    /// <summary>Int8 scan for <paramref name="candidates"/> rows, then an exact float re-rank of them.</summary>
    public IReadOnlyList<SearchHit> SearchInt8(ReadOnlySpan<float> query, int k, int candidates = 0) =>
        QuantizedSearch.Run(_state, Checked(query), k, candidates > 0 ? candidates : Math.Max(10 * k, 100));

    /// <summary>The probe against every template of one subject, or null if the subject is unknown.</summary>
    public SubjectComparison? CompareSubject(ReadOnlySpan<float> query, string subjectId)
    {
        var probe = Checked(query);
        GalleryState state;
        List<int> rows;
        lock (_writeLock)
        {
            (state, rows) = (_state, RowsOf(subjectId));
        }

        if (rows.Count == 0)
        {
            return null;
        }

        var scores = rows.Select(r => FloatKernels.Dot(state.Vector(r), probe)).ToArray();
        return new SubjectComparison(subjectId, scores.Max(), scores.Average(), scores.Length);
    }

    /// <summary>The k subjects whose best template is most similar to the probe, by the method the gallery's size calls for.</summary>
    public SubjectIdentification Identify(ReadOnlySpan<float> query, int k)
    {
        var method = PreferredMethod;
        return new SubjectIdentification(IdentifySubjects(query, k, method), method);
    }

    /// <summary>The k subjects whose best template is most similar to the probe.</summary>
    public IReadOnlyList<SubjectHit> IdentifySubjects(ReadOnlySpan<float> query, int k) => IdentifySubjects(query, k, PreferredMethod);

    public IReadOnlyList<SubjectHit> IdentifySubjects(ReadOnlySpan<float> query, int k, SearchMethod method)
    {
        // Every template scoring at least the k-th subject's best belongs to the top k subjects, so the
        // top k × (most templates any subject has) templates contain each top subject's best.
        return Subjects(Search(query, TemplatesFor(k), method), k);
    }

    /// <summary><see cref="IdentifySubjects(ReadOnlySpan{float}, int)"/> for a whole batch of probes in one pass over the gallery.</summary>
    public IReadOnlyList<SubjectHit>[] IdentifySubjectsBatch(IReadOnlyList<float[]> queries, int k) => IdentifySubjectsBatch(queries, k, PreferredMethod);

    public IReadOnlyList<SubjectHit>[] IdentifySubjectsBatch(IReadOnlyList<float[]> queries, int k, SearchMethod method) =>
        [.. SearchBatch(queries, TemplatesFor(k), method).Select(hits => Subjects(hits, k))];

    /// <summary>Publishes rows read from a snapshot (ids, codes and int8 rows already in the segments) and indexes their ids.</summary>
    internal void Load(Segment[] segments, int rows, SubjectKeys subjects)
    {
        lock (_writeLock)
        {
            if (_state.Rows != 0)
            {
                throw new InvalidOperationException("A snapshot loads into an empty gallery only.");
            }

            _rowOfTemplate.EnsureCapacity(rows);
            var state = new GalleryState(segments, rows, Dimension, subjects);
            var most = 0;
            for (var row = 0; row < rows; row++)
            {
                most = Math.Max(most, Index(state, row));
            }

            _state = state with { MaxTemplatesPerSubject = most };
        }
    }

    private int TemplatesFor(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return k * Math.Max(1, _state.MaxTemplatesPerSubject);
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
    private GalleryState Append(GalleryState state, long templateId, long subjectKey, ReadOnlySpan<float> vector)
    {
        var row = state.Rows;
        var segments = state.Segments;
        if (row == segments.Length * Segment.RowsPerSegment)
        {
            segments = [.. segments, new Segment(Dimension)];
        }

        segments[row / Segment.RowsPerSegment].Write(row % Segment.RowsPerSegment, templateId, subjectKey, vector);
        var next = state with { Segments = segments, Rows = row + 1 };
        return next with { MaxTemplatesPerSubject = Math.Max(state.MaxTemplatesPerSubject, Index(next, row)) };
    }

    /// <summary>Adds a written row to the id maps and its subject's chain; returns how many templates the subject now has.</summary>
    private int Index(GalleryState state, int row)
    {
        var segment = state.SegmentOf(row);
        var local = row % Segment.RowsPerSegment;
        _rowOfTemplate.Set(segment.TemplateIds[local], row);
        var subject = segment.SubjectKeys[local];
        var count = 1;
        if (_firstRowOfSubject.TryGetValue(subject, out var first))
        {
            segment.NextOfSubject[local] = first;
            for (var r = first; r >= 0; r = state.SegmentOf(r).NextOfSubject[r % Segment.RowsPerSegment])
            {
                count++;
            }
        }
        else
        {
            segment.NextOfSubject[local] = -1;
        }

        _firstRowOfSubject.Set(subject, row);
        return count;
    }

    private List<int> RowsOf(string subjectId)
    {
        var rows = new List<int>();
        var state = _state;
        if (state.Subjects.TryFind(subjectId, out var key) && _firstRowOfSubject.TryGetValue(key, out var row))
        {
            for (; row >= 0; row = state.SegmentOf(row).NextOfSubject[row % Segment.RowsPerSegment])
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    private int[] LiveRowsUnderLock()
    {
        var live = new List<int>(_rowOfTemplate.Count);
        for (var row = 0; row < _state.Rows; row++)
        {
            if (_state.IsLive(row))
            {
                live.Add(row);
            }
        }

        return [.. live];
    }

    private void ClearMaps()
    {
        for (var row = 0; row < _state.Rows; row++)
        {
            if (_state.IsLive(row))
            {
                _rowOfTemplate.Remove(_state.TemplateId(row));
                _firstRowOfSubject.Remove(_state.SubjectKey(row));
            }
        }
    }

    private void RemoveRow(long templateId, int row)
    {
        var state = _state;
        var segment = state.SegmentOf(row);
        var local = row % Segment.RowsPerSegment;
        Volatile.Write(ref segment.Live[local], 0);
        _rowOfTemplate.Remove(templateId);

        // Unlink the row from its subject's chain (a subject has a handful of templates).
        var subject = segment.SubjectKeys[local];
        var next = segment.NextOfSubject[local];
        _firstRowOfSubject.TryGetValue(subject, out var first);
        if (first == row)
        {
            if (next >= 0)
            {
                _firstRowOfSubject.Set(subject, next);
            }
            else
            {
                _firstRowOfSubject.Remove(subject);
            }

            return;
        }

        for (var r = first; r >= 0;)
        {
            var holder = state.SegmentOf(r);
            var following = holder.NextOfSubject[r % Segment.RowsPerSegment];
            if (following == row)
            {
                holder.NextOfSubject[r % Segment.RowsPerSegment] = next;
                return;
            }

            r = following;
        }
    }
}
