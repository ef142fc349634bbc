using EGov.Biometrics.Matching.Kernels;

namespace EGov.Biometrics.Matching.Gallery;

/// <summary>
/// A fixed block of gallery rows: float vectors contiguous and 64-byte aligned (pinned, so the alignment
/// holds), their int8 copies and scales, ids and a live flag. A row is written once before it is published;
/// afterwards only its live flag changes.
/// </summary>
internal sealed class Segment
{
    public const int RowsPerSegment = 1 << 14;

    private readonly float[] _vectors;
    private readonly int _offset;

    public Segment(int dimension)
    {
        Dimension = dimension;

        // 16 spare floats let the first row start on a 64-byte boundary of the pinned array.
        _vectors = GC.AllocateUninitializedArray<float>((RowsPerSegment * dimension) + 16, pinned: true);
        unsafe
        {
            fixed (float* p = _vectors)
            {
                _offset = (int)((64 - ((nint)p % 64)) % 64) / sizeof(float);
            }
        }

        Quantized = GC.AllocateUninitializedArray<sbyte>(RowsPerSegment * dimension, pinned: true);
        Scales = new float[RowsPerSegment];
        TemplateIds = new long[RowsPerSegment];
        SubjectIds = new string[RowsPerSegment];
        Live = new byte[RowsPerSegment];
    }

    public int Dimension { get; }

    public sbyte[] Quantized { get; }

    public float[] Scales { get; }

    public long[] TemplateIds { get; }

    public string[] SubjectIds { get; }

    public byte[] Live { get; }

    /// <summary>All rows' floats, back to back.</summary>
    public ReadOnlySpan<float> Vectors => _vectors.AsSpan(_offset, RowsPerSegment * Dimension);

    public ReadOnlySpan<float> Row(int row) => _vectors.AsSpan(_offset + (row * Dimension), Dimension);

    /// <summary><paramref name="count"/> consecutive rows, back to back.</summary>
    public ReadOnlySpan<float> Rows(int first, int count) => _vectors.AsSpan(_offset + (first * Dimension), count * Dimension);

    public ReadOnlySpan<sbyte> QuantizedRow(int row) => Quantized.AsSpan(row * Dimension, Dimension);

    public void Write(int row, long templateId, string subjectId, ReadOnlySpan<float> vector)
    {
        vector.CopyTo(_vectors.AsSpan(_offset + (row * Dimension), Dimension));
        Scales[row] = Int8Kernels.Quantize(vector, Quantized.AsSpan(row * Dimension, Dimension));
        TemplateIds[row] = templateId;
        SubjectIds[row] = subjectId;
        Volatile.Write(ref Live[row], 1);
    }
}
