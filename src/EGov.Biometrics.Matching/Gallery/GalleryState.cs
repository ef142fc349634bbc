namespace EGov.Biometrics.Matching.Gallery;

/// <summary>
/// An immutable view of the gallery: the segments and how many rows of them are published. Searches take
/// one and read it without locks; writers publish a new one. Rows removed after the view was taken may
/// still be returned by a search that started before the removal, never rows that were never there.
/// <see cref="MaxTemplatesPerSubject"/> is published with the rows, so subject searches size themselves
/// from the same view they search.
/// </summary>
internal sealed record GalleryState(Segment[] Segments, int Rows, int Dimension, int MaxTemplatesPerSubject = 0)
{
    public Segment SegmentOf(int row) => Segments[row / Segment.RowsPerSegment];

    public int RowsIn(int segment) => Math.Clamp(Rows - (segment * Segment.RowsPerSegment), 0, Segment.RowsPerSegment);

    public bool IsLive(int row) => Volatile.Read(ref SegmentOf(row).Live[row % Segment.RowsPerSegment]) != 0;

    public ReadOnlySpan<float> Vector(int row) => SegmentOf(row).Row(row % Segment.RowsPerSegment);

    public long TemplateId(int row) => SegmentOf(row).TemplateIds[row % Segment.RowsPerSegment];

    public string SubjectId(int row) => SegmentOf(row).SubjectIds[row % Segment.RowsPerSegment];
}
