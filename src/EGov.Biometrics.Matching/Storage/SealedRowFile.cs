using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace EGov.Biometrics.Matching.Storage;

/// <summary>
/// Float rows sealed one by one with AES-GCM in a region of a file that is memory-mapped, never read whole:
/// a gallery larger than RAM keeps only its codes and int8 rows resident and decrypts the few rows a search
/// re-ranks. Each row is <see cref="RecordBytes"/> long (ciphertext, then tag) at a fixed place, and its nonce
/// is its row number under a key that belongs to this file alone, so a row cannot be moved, swapped with
/// another file's or altered without its tag failing when it is read.
/// </summary>
internal sealed class SealedRowFile : IDisposable
{
    private readonly MemoryMappedFile _map;
    private readonly MemoryMappedViewAccessor _view;
    private readonly ThreadLocal<AesGcm> _ciphers;
    private readonly unsafe byte* _base;

    public unsafe SealedRowFile(string path, long offset, int rows, int dimension, byte[] fileKey)
    {
        Dimension = dimension;
        Rows = rows;
        var length = (long)rows * RecordBytesFor(dimension);
        _map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        _view = _map.CreateViewAccessor(offset, Math.Max(1, length), MemoryMappedFileAccess.Read);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _base = pointer + _view.PointerOffset;
        var key = fileKey.ToArray();
        _ciphers = new ThreadLocal<AesGcm>(() => new AesGcm(key, TagBytes), trackAllValues: true);
    }

    public const int TagBytes = 16;

    public int Dimension { get; }

    public int Rows { get; }

    public int RecordBytes => RecordBytesFor(Dimension);

    public static int RecordBytesFor(int dimension) => (dimension * sizeof(float)) + TagBytes;

    /// <summary>The 12-byte nonce of a row: four zero bytes and the row number.</summary>
    public static void Nonce(long row, Span<byte> nonce)
    {
        nonce.Clear();
        BitConverter.TryWriteBytes(nonce[4..], row);
    }

    /// <summary>Seals <paramref name="vector"/> as row <paramref name="row"/> into <paramref name="record"/>.</summary>
    public static void Seal(AesGcm cipher, long row, ReadOnlySpan<float> vector, Span<byte> record)
    {
        Span<byte> nonce = stackalloc byte[12];
        Nonce(row, nonce);
        var plain = MemoryMarshal.AsBytes(vector);
        cipher.Encrypt(nonce, plain, record[..plain.Length], record.Slice(plain.Length, TagBytes));
    }

    /// <summary>Decrypts row <paramref name="row"/>; a row whose tag fails is corrupt and throws.</summary>
    public unsafe void Read(int row, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)row, (uint)Rows, nameof(row));
        var plainBytes = Dimension * sizeof(float);
        var record = new ReadOnlySpan<byte>(_base + ((long)row * RecordBytes), RecordBytes);
        Span<byte> nonce = stackalloc byte[12];
        Nonce(row, nonce);
        try
        {
            _ciphers.Value!.Decrypt(nonce, record[..plainBytes], record.Slice(plainBytes, TagBytes), MemoryMarshal.AsBytes(destination[..Dimension]));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new InvalidDataException($"Gallery vector row {row} failed its integrity check: the snapshot file is corrupt.", e);
        }
    }

    /// <summary>
    /// Asks the kernel to start reading these rows' pages now (madvise WILLNEED), so that a re-rank's few
    /// hundred rows come off the disk in parallel instead of one page fault after another. Linux only; a
    /// hint, never an error.
    /// </summary>
    public unsafe void Prefetch(ReadOnlySpan<int> rows)
    {
        foreach (var row in rows)
        {
            MemoryAdvice.WillNeedRange(_base + ((long)row * RecordBytes), RecordBytes);
        }
    }

    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _map.Dispose();
        foreach (var cipher in _ciphers.Values)
        {
            cipher.Dispose();
        }

        _ciphers.Dispose();
    }
}
