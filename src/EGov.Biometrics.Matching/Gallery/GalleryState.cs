namespace EGov.Biometrics.Matching.Gallery;

/// <summary>
/// An immutable view of the gallery: the segments and how many rows of them are published. Searches take
/// one and read it without locks; writers publish a new one. Rows removed after the view was taken may
/// still be returned by a search that started before the removal, never rows that were never there.
/// <see cref="MaxTemplatesPerSubject"/> is published with the rows, so subject searches size themselves
/// from the same view they search.
/// </summary>
internal sealed record GalleryState(Segment[] Segments, int Rows, int Dimension, SubjectKeys Subjects, int MaxTemplatesPerSubject = 0)
{
    /// <summary>
    /// Whether float rows are sealed in a mapped snapshot: a mapped load maps every segment it reads, from the
    /// first; segments appended later, and every segment of an in-memory gallery, hold their floats in memory.
    /// Asked on every search, so it looks at one segment, not all.
    /// </summary>
    public bool IsMapped => Segments is [{ IsMapped: true }, ..];

    public Segment SegmentOf(int row) => Segments[row / Segment.RowsPerSegment];

    public int RowsIn(int segment) => Math.Clamp(Rows - (segment * Segment.RowsPerSegment), 0, Segment.RowsPerSegment);

    public bool IsLive(int row) => Volatile.Read(ref SegmentOf(row).Live[row % Segment.RowsPerSegment]) != 0;

    /// <summary>A row's vector: a view of memory, or a decrypted copy for a mapped row.</summary>
    public ReadOnlySpan<float> Vector(int row) => SegmentOf(row).Row(row % Segment.RowsPerSegment);

    public long TemplateId(int row) => SegmentOf(row).TemplateIds[row % Segment.RowsPerSegment];

    public long SubjectKey(int row) => SegmentOf(row).SubjectKeys[row % Segment.RowsPerSegment];

    public string SubjectId(int row) => Subjects.NameOf(SubjectKey(row));

    public ReadOnlySpan<ulong> Code(int row) => SegmentOf(row).Code(row % Segment.RowsPerSegment);

    public ReadOnlySpan<sbyte> QuantizedRow(int row) => SegmentOf(row).QuantizedRow(row % Segment.RowsPerSegment);

    public float Scale(int row) => SegmentOf(row).Scales[row % Segment.RowsPerSegment];
}
