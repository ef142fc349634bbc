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
    private readonly TemplateRows _rowOfTemplate = new();
    private readonly LongIntMap _firstRowOfSubject = new();
    private volatile GalleryState _state;
    private long _changes;
    private long _repaired;

    public FaceGallery(int dimension, GalleryOptions? options = null)
    {
        VectorValidation.EnsureDimension(dimension);
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
    public bool IsMapped => _state.IsMapped;

    /// <summary>The method <see cref="Search(ReadOnlySpan{float}, int)"/> and <see cref="Identify"/> use at the gallery's present size.</summary>
    public SearchMethod PreferredMethod => MethodFor(_state);

    /// <summary>
    /// Where a mapped row that fails its integrity check is read again (the registry, by template id); the
    /// row is then replaced by that copy. Without it, such a row fails the search that reads it.
    /// </summary>
    public Func<long, float[]?>? Repair { get; set; }

    /// <summary>Mapped rows found corrupt and replaced through <see cref="Repair"/>.</summary>
    public long RepairedRows => Interlocked.Read(ref _repaired);

    /// <summary>Counts every change (add, update, removal, compaction, load): a snapshot is stale when this moved since it was written.</summary>
    public long Changes => Interlocked.Read(ref _changes);

    internal GalleryState State => _state;

    /// <summary>The live templates' ids, ascending.</summary>
    public long[] TemplateIds()
    {
        var (state, live) = LiveView();
        var ids = live.Select(state.TemplateId).ToArray();
        Array.Sort(ids);
        return ids;
    }

    /// <summary>A view and its live rows taken together under the write lock (an update moves a row; a snapshot must not miss it).</summary>
    internal (GalleryState State, int[] LiveRows) LiveView()
    {
        lock (_writeLock)
        {
            return (_state, LiveRowsUnderLock());
        }
    }

    public void Add(long templateId, string subjectId, ReadOnlySpan<float> vector)
    {
        ArgumentException.ThrowIfNullOrEmpty(subjectId);
        VectorValidation.EnsureUnit(vector, Dimension);
        lock (_writeLock)
        {
            if (_rowOfTemplate.TryFind(_state, templateId, out _))
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
            if (!_rowOfTemplate.TryFind(_state, templateId, out var row))
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
            if (!_rowOfTemplate.TryFind(_state, templateId, out var row))
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
    public IReadOnlyList<SearchHit> Search(ReadOnlySpan<float> query, int k)
    {
        var state = _state;
        return Run(state, Checked(query), k, MethodFor(state));
    }

    public IReadOnlyList<SearchHit> Search(ReadOnlySpan<float> query, int k, SearchMethod method) => Run(_state, Checked(query), k, method);

    /// <summary>One pass over the gallery for a whole batch of queries.</summary>
    public IReadOnlyList<SearchHit>[] SearchBatch(IReadOnlyList<float[]> queries, int k)
    {
        var state = _state;
        return RunBatch(state, Checked(queries), k, BatchMethodFor(state));
    }

    public IReadOnlyList<SearchHit>[] SearchBatch(IReadOnlyList<float[]> queries, int k, SearchMethod method) => RunBatch(_state, Checked(queries), k, method);

    /// <summary>The cascade with explicit candidate counts (for tuning them against measured recall).</summary>
    public IReadOnlyList<SearchHit>[] SearchCascade(IReadOnlyList<float[]> queries, int k, CascadeOptions options)
    {
        var state = _state;
        return ParallelErrors.Unwrap(() => CascadeSearch.RunBatch(state, Checked(queries), k, options, Reader(state)));
    }

    /// <summary>Int8 scan for <paramref name="candidates"/> rows, then an exact float re-rank of them.</summary>
    public IReadOnlyList<SearchHit> SearchInt8(ReadOnlySpan<float> query, int k, int candidates = 0) =>
        QuantizedSearch.Run(_state, Checked(query), k, candidates > 0 ? candidates : Int8Candidates(k));

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
        var state = _state;
        var method = MethodFor(state);
        return new SubjectIdentification(Subjects(Run(state, Checked(query), TemplatesFor(state, k), method), k), method);
    }

    /// <summary>The k subjects whose best template is most similar to the probe.</summary>
    public IReadOnlyList<SubjectHit> IdentifySubjects(ReadOnlySpan<float> query, int k) => Identify(query, k).Hits;

    public IReadOnlyList<SubjectHit> IdentifySubjects(ReadOnlySpan<float> query, int k, SearchMethod method)
    {
        // Every template scoring at least the k-th subject's best belongs to the top k subjects, so the
        // top k × (most templates any subject has) templates contain each top subject's best; both from one view.
        var state = _state;
        return Subjects(Run(state, Checked(query), TemplatesFor(state, k), method), k);
    }

    /// <summary><see cref="IdentifySubjects(ReadOnlySpan{float}, int)"/> for a whole batch of probes in one pass over the gallery.</summary>
    public IReadOnlyList<SubjectHit>[] IdentifySubjectsBatch(IReadOnlyList<float[]> queries, int k) => IdentifyBatch(queries, k).Hits;

    public IReadOnlyList<SubjectHit>[] IdentifySubjectsBatch(IReadOnlyList<float[]> queries, int k, SearchMethod method)
    {
        var state = _state;
        return [.. RunBatch(state, Checked(queries), TemplatesFor(state, k), method).Select(hits => Subjects(hits, k))];
    }

    /// <summary>A batch of identifications by the method the gallery's size calls for, and that method.</summary>
    public (IReadOnlyList<SubjectHit>[] Hits, SearchMethod Method) IdentifyBatch(IReadOnlyList<float[]> queries, int k)
    {
        var state = _state;
        var method = BatchMethodFor(state);
        return ([.. RunBatch(state, Checked(queries), TemplatesFor(state, k), method).Select(hits => Subjects(hits, k))], method);
    }

    /// <summary>A row's float vector; a mapped row that fails its check is read again through <see cref="Repair"/> and replaced.</summary>
    internal void ReadVector(GalleryState state, int row, Span<float> destination)
    {
        try
        {
            state.SegmentOf(row).ReadRows(row % Segment.RowsPerSegment, 1, destination);
        }
        catch (InvalidDataException) when (Repair?.Invoke(state.TemplateId(row)) is { } vector && vector.Length == Dimension)
        {
            vector.CopyTo(destination);
            Interlocked.Increment(ref _repaired);
            try
            {
                Update(state.TemplateId(row), vector); // a new in-memory row; the corrupt one becomes a tombstone
            }
            catch (KeyNotFoundException)
            {
                // Removed meanwhile: nothing to replace.
            }
        }
    }

    /// <summary>Publishes rows read from a snapshot (ids, codes and int8 rows already in the segments) and indexes their ids.</summary>
    internal void Load(Segment[] segments, int rows, SubjectKeys subjects)
    {
        lock (_writeLock)
        {
            if (_state.Rows != 0)
            {
                throw new InvalidOperationException("A snapshot loads into an empty gallery only.");
            }

            var state = new GalleryState(segments, rows, Dimension, subjects);
            var most = 0;
            for (var row = 0; row < rows; row++)
            {
                most = Math.Max(most, Index(state, row));
            }

            _state = state with { MaxTemplatesPerSubject = most };
            Interlocked.Increment(ref _changes);
        }
    }

    /// <summary>Rows the int8 pass hands to the float re-rank: recall@10 measured 1.0 with these (docs/benchmarks.md).</summary>
    private static int Int8Candidates(int k) => Math.Max(10 * k, 100);

    private static int TemplatesFor(GalleryState state, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        return k * Math.Max(1, state.MaxTemplatesPerSubject);
    }

    // A mapped gallery is never scanned in floats: that would decrypt every row.
    private SearchMethod MethodFor(GalleryState state) => state.IsMapped ? SearchMethod.Cascade : Options.MethodFor(state.Rows);

    private SearchMethod BatchMethodFor(GalleryState state) => state.IsMapped ? SearchMethod.Cascade : Options.BatchMethodFor(state.Rows);

    private VectorReader Reader(GalleryState state) => (row, destination) => ReadVector(state, row, destination);

    private IReadOnlyList<SearchHit> Run(GalleryState state, float[] probe, int k, SearchMethod method) => ParallelErrors.Unwrap(() => method switch
    {
        SearchMethod.Exact => ExactSearch.Run(state, probe, k, KernelPaths.Best),
        SearchMethod.Int8 => QuantizedSearch.Run(state, probe, k, Int8Candidates(k)),
        SearchMethod.Cascade => CascadeSearch.Run(state, probe, k, Options.CascadeOrDefault, Reader(state)),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown search method."),
    });

    private IReadOnlyList<SearchHit>[] RunBatch(GalleryState state, IReadOnlyList<float[]> queries, int k, SearchMethod method) => ParallelErrors.Unwrap(() => method switch
    {
        SearchMethod.Exact => ExactSearch.RunBatch(state, queries, k, KernelPaths.Best),
        SearchMethod.Int8 => QuantizedSearch.RunBatch(state, queries, k, Int8Candidates(k)),
        SearchMethod.Cascade => CascadeSearch.RunBatch(state, queries, k, Options.CascadeOrDefault, Reader(state)),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown search method."),
    });

    private float[][] Checked(IReadOnlyList<float[]> queries) => [.. queries.Select(q => Checked(q))];

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
        Interlocked.Increment(ref _changes);
        var next = state with { Segments = segments, Rows = row + 1 };
        return next with { MaxTemplatesPerSubject = Math.Max(state.MaxTemplatesPerSubject, Index(next, row)) };
    }

    /// <summary>Adds a written row to the id maps and its subject's chain; returns how many templates the subject now has.</summary>
    private int Index(GalleryState state, int row)
    {
        var segment = state.SegmentOf(row);
        var local = row % Segment.RowsPerSegment;
        _rowOfTemplate.Added(row, segment.TemplateIds[local]);
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
                _firstRowOfSubject.Remove(_state.SubjectKey(row));
            }
        }

        _rowOfTemplate.Clear();
    }

    private void RemoveRow(long templateId, int row)
    {
        var state = _state;
        var segment = state.SegmentOf(row);
        var local = row % Segment.RowsPerSegment;
        Volatile.Write(ref segment.Live[local], 0);
        _rowOfTemplate.Removed(templateId);
        Interlocked.Increment(ref _changes);

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
