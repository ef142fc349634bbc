using EGov.Biometrics.Matching.Kernels;
using EGov.Biometrics.Matching.Storage;

namespace EGov.Biometrics.Matching.Gallery;

/// <summary>
/// A fixed block of gallery rows: the resident parts (sign codes, int8 copies and scales, template ids,
/// subject keys, a live flag) and the float vectors, either in memory (contiguous, 64-byte aligned, pinned)
/// or, for rows loaded from a snapshot of a large gallery, sealed in a memory-mapped file and decrypted when
/// read. A row is written once before it is published; afterwards only its live flag changes.
/// </summary>
internal sealed class Segment
{
    public const int RowsPerSegment = 1 << 14;

    private readonly SealedRowFile? _mapped;
    private readonly int _firstMappedRow;
    private float[]? _vectors;
    private int _offset;

    public Segment(int dimension)
        : this(dimension, null, 0, 0)
    {
    }

    /// <summary>A segment whose first <paramref name="mappedRows"/> rows' vectors are rows of <paramref name="mapped"/> from <paramref name="firstMappedRow"/> on.</summary>
    public Segment(int dimension, SealedRowFile? mapped, int firstMappedRow, int mappedRows)
    {
        Dimension = dimension;
        Words = BinaryKernels.Words(dimension);
        (_mapped, _firstMappedRow, MappedRows) = (mapped, firstMappedRow, mappedRows);
        Quantized = MemoryAdvice.AllocateForScans<sbyte>(RowsPerSegment * dimension);
        Codes = MemoryAdvice.AllocateForScans<ulong>(RowsPerSegment * Words);
        Scales = new float[RowsPerSegment];
        TemplateIds = new long[RowsPerSegment];
        SubjectKeys = new long[RowsPerSegment];
        NextOfSubject = new int[RowsPerSegment];
        Live = new byte[RowsPerSegment];
        if (mapped is null)
        {
            AllocateVectors();
        }
    }

    public int Dimension { get; }

    /// <summary>64-bit words of one row's sign code.</summary>
    public int Words { get; }

    /// <summary>Rows whose vectors live in the mapped file rather than in memory.</summary>
    public int MappedRows { get; }

    public bool IsMapped => MappedRows > 0;

    public sbyte[] Quantized { get; }

    public ulong[] Codes { get; }

    public float[] Scales { get; }

    public long[] TemplateIds { get; }

    public long[] SubjectKeys { get; }

    /// <summary>The gallery row of the subject's next template, or -1: each subject's rows form a chain.</summary>
    public int[] NextOfSubject { get; }

    public byte[] Live { get; }

    /// <summary>Bytes this segment keeps in memory.</summary>
    public long ResidentBytes => (RowsPerSegment * ((long)Dimension + (Words * 8L) + 4 + 8 + 8 + 4 + 1)) + (_vectors?.LongLength * sizeof(float) ?? 0);

    /// <summary>All rows' floats, back to back (an in-memory segment only).</summary>
    public ReadOnlySpan<float> Vectors => IsMapped
        ? throw new InvalidOperationException("A mapped segment's vectors are sealed on disk and read row by row.")
        : _vectors.AsSpan(_offset, RowsPerSegment * Dimension);

    public ReadOnlySpan<float> Row(int row) => Rows(row, 1);

    /// <summary><paramref name="count"/> consecutive rows, back to back; mapped rows are decrypted into a new array.</summary>
    public ReadOnlySpan<float> Rows(int first, int count)
    {
        if (first >= MappedRows)
        {
            return _vectors.AsSpan(_offset + (first * Dimension), count * Dimension);
        }

        var rows = new float[count * Dimension];
        ReadRows(first, count, rows);
        return rows;
    }

    /// <summary>
    /// <paramref name="count"/> consecutive rows, back to back: a view of rows in memory, or, where the block holds
    /// mapped rows, those rows decrypted into <paramref name="buffer"/> (the scans' per-thread buffer).
    /// </summary>
    public ReadOnlySpan<float> Rows(int first, int count, Span<float> buffer)
    {
        if (first >= MappedRows)
        {
            return _vectors.AsSpan(_offset + (first * Dimension), count * Dimension);
        }

        var rows = buffer[..(count * Dimension)];
        ReadRows(first, count, rows);
        return rows;
    }

    /// <summary>Copies (or decrypts) <paramref name="count"/> rows into <paramref name="destination"/>.</summary>
    public void ReadRows(int first, int count, Span<float> destination)
    {
        for (var i = 0; i < count; i++)
        {
            var row = first + i;
            var target = destination.Slice(i * Dimension, Dimension);
            if (row < MappedRows)
            {
                _mapped!.Read(_firstMappedRow + row, target);
            }
            else
            {
                _vectors.AsSpan(_offset + (row * Dimension), Dimension).CopyTo(target);
            }
        }
    }

    /// <summary>Starts reading mapped rows' pages from disk ahead of <see cref="ReadRows"/> (rows of this segment).</summary>
    public void Prefetch(ReadOnlySpan<int> rows)
    {
        if (_mapped is null)
        {
            return;
        }

        Span<int> fileRows = stackalloc int[rows.Length];
        var n = 0;
        foreach (var row in rows)
        {
            if (row < MappedRows)
            {
                fileRows[n++] = _firstMappedRow + row;
            }
        }

        _mapped.Prefetch(fileRows[..n]);
    }

    public ReadOnlySpan<sbyte> QuantizedRow(int row) => Quantized.AsSpan(row * Dimension, Dimension);

    public ReadOnlySpan<ulong> Code(int row) => Codes.AsSpan(row * Words, Words);

    public void Write(int row, long templateId, long subjectKey, ReadOnlySpan<float> vector)
    {
        if (row < MappedRows)
        {
            throw new InvalidOperationException($"Row {row} of a mapped segment is already written.");
        }

        if (_vectors is null)
        {
            AllocateVectors();
        }

        vector.CopyTo(_vectors.AsSpan(_offset + (row * Dimension), Dimension));
        WriteResident(row, templateId, subjectKey, vector);
    }

    /// <summary>Fills a row's resident parts (its vector stays where it is, in memory or mapped) and publishes it.</summary>
    public void WriteResident(int row, long templateId, long subjectKey, ReadOnlySpan<float> vector)
    {
        Scales[row] = Int8Kernels.Quantize(vector, Quantized.AsSpan(row * Dimension, Dimension));
        BinaryKernels.Encode(vector, Codes.AsSpan(row * Words, Words));
        TemplateIds[row] = templateId;
        SubjectKeys[row] = subjectKey;
        NextOfSubject[row] = -1;
        Volatile.Write(ref Live[row], 1);
    }

    /// <summary>Fills the first <paramref name="count"/> rows' resident parts from a snapshot and marks them live (the gallery indexes them).</summary>
    public void LoadResident(int count, ReadOnlySpan<long> templateIds, ReadOnlySpan<long> subjectKeys, ReadOnlySpan<float> scales, ReadOnlySpan<sbyte> quantized, ReadOnlySpan<ulong> codes)
    {
        templateIds.CopyTo(TemplateIds);
        subjectKeys.CopyTo(SubjectKeys);
        scales.CopyTo(Scales);
        quantized.CopyTo(Quantized);
        codes.CopyTo(Codes);
        Live.AsSpan(0, count).Fill(1);
    }

    /// <summary>Puts a snapshot row's vector in memory (an in-memory load).</summary>
    public void LoadVector(int row, ReadOnlySpan<float> vector)
    {
        if (row < MappedRows)
        {
            throw new InvalidOperationException($"Row {row} of a mapped segment stays on disk.");
        }

        vector.CopyTo(_vectors.AsSpan(_offset + (row * Dimension), Dimension));
    }

    private void AllocateVectors()
    {
        // 16 spare floats let the first row start on a 64-byte boundary of the pinned array.
        _vectors = MemoryAdvice.AllocateForScans<float>((RowsPerSegment * Dimension) + 16);
        unsafe
        {
            fixed (float* p = _vectors)
            {
                _offset = (int)((64 - ((nint)p % 64)) % 64) / sizeof(float);
            }
        }
    }
}
