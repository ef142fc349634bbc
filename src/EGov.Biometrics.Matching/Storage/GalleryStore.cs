using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Win32.SafeHandles;
using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Matching.Kernels;

namespace EGov.Biometrics.Matching.Storage;

/// <summary>
/// The gallery's live rows in one encrypted file, so a restart loads codes and int8 rows instead of
/// decrypting the registry row by row. A plain header (magic, version, dimension, rows, key id, a random
/// salt) is bound into every sealed part; the file key is derived from the ring's key and the salt (HKDF),
/// so nonces never repeat across files. Then one AES-GCM chunk per segment with the template ids, subject
/// keys, scales, int8 rows and sign codes — all verified when loaded; then, 4 KiB aligned, each float row
/// sealed on its own (<see cref="SealedRowFile"/>): a mapped load leaves them on disk and checks each when it
/// is read, an in-memory load decrypts and checks them all; last, a chunk of the interned subject names.
/// Every part has a computable place, so a snapshot of ten million rows is written by all cores at once
/// from a stream of rows, never holding the floats. A truncated, altered or foreign file is refused with a
/// message saying so; the registry stays the system of record.
/// </summary>
public static class GalleryStore
{
    private const int Version = 2;
    private const int Alignment = 4096;
    private static readonly byte[] Magic = "EGOVGS02"u8.ToArray();
    private static readonly byte[] KeyInfo = "egov gallery snapshot v2"u8.ToArray();

    /// <summary>Writes the gallery's live rows to <paramref name="path"/>.</summary>
    public static void Save(FaceGallery gallery, string path, SnapshotKey key)
    {
        var (state, live) = gallery.LiveView();
        Write(path, key, gallery.Dimension, live.Length, (int i, out long templateId, out string subjectId, Span<float> vector) =>
        {
            var row = live[i];
            templateId = state.TemplateId(row);
            subjectId = state.SubjectId(row);
            state.SegmentOf(row).ReadRows(row % Segment.RowsPerSegment, 1, vector);
        });
    }

    /// <summary>
    /// Writes <paramref name="rows"/> rows from <paramref name="source"/> (called from several threads) to
    /// <paramref name="path"/>, through a temporary file flushed to disk and then renamed.
    /// </summary>
    public static void Write(string path, SnapshotKey key, int dimension, int rows, GalleryRowSource source)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var header = new Header(dimension, rows, key.Id, RandomNumberGenerator.GetBytes(16));
        var headerBytes = header.ToBytes();
        var fileKey = header.FileKey(key.Key);
        var layout = new Layout(header, headerBytes.Length);
        var subjects = new SubjectKeys();
        var temporary = path + ".partial";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None))
        {
            RandomAccess.Write(file.SafeFileHandle, headerBytes, 0);
            ParallelErrors.Unwrap(() => Parallel.For(
                0, layout.Blocks,
                () => new BlockWriter(header, fileKey),
                (b, _, writer) =>
                {
                    writer.Write(file.SafeFileHandle, layout, headerBytes, subjects, source, b);
                    return writer;
                },
                writer => writer.Dispose()));
            using var cipher = new AesGcm(fileKey, SealedRowFile.TagBytes);
            RandomAccess.Write(file.SafeFileHandle, Seal(cipher, headerBytes, layout.Blocks, NamesPlaintext(subjects.InternedNames())), layout.NamesAt);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Loads a snapshot. With <paramref name="mapVectors"/> the float rows stay sealed in the mapped file
    /// (only codes, int8 rows and ids are resident); otherwise they are decrypted into memory.
    /// </summary>
    /// <param name="keys">The key ring's key for an id, or null if the ring no longer has it.</param>
    public static FaceGallery Load(string path, Func<string, byte[]?> keys, bool mapVectors, GalleryOptions? options = null)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = file.Length;
        var (header, headerBytes) = Header.Read(file, length);
        var masterKey = keys(header.KeyId) ?? throw new InvalidDataException($"The gallery snapshot is sealed with key '{header.KeyId}', which the key ring no longer holds.");
        var fileKey = header.FileKey(masterKey);
        var layout = new Layout(header, headerBytes.Length);
        if (length < layout.NamesAt + 4 + SealedRowFile.TagBytes)
        {
            throw new InvalidDataException($"The gallery snapshot is {length:N0} bytes; its header promises more than {layout.NamesAt:N0}: the file is truncated or corrupt.");
        }

        using var cipher = new AesGcm(fileKey, SealedRowFile.TagBytes);
        var names = ReadNames(Open(cipher, headerBytes, layout.Blocks, ReadAt(file, layout.NamesAt, (int)Math.Min(int.MaxValue, length - layout.NamesAt))));
        var subjects = new SubjectKeys();
        foreach (var name in names)
        {
            subjects.KeyOf(name);
        }

        var rows = mapVectors && header.Rows > 0 ? new SealedRowFile(path, layout.VectorsAt, header.Rows, header.Dimension, fileKey) : null;
        var segments = new Segment[layout.Blocks];
        ParallelErrors.Unwrap(() => Parallel.For(
            0, layout.Blocks,
            () => new AesGcm(fileKey, SealedRowFile.TagBytes),
            (b, _, blockCipher) =>
            {
                var count = layout.RowsIn(b);
                segments[b] = new Segment(header.Dimension, rows, b * Segment.RowsPerSegment, rows is null ? 0 : count);
                var sealedChunk = ReadAt(file, layout.ChunkAt(b), layout.ChunkBytes(b));
                layout.Unpack(Open(blockCipher, headerBytes, b, sealedChunk), segments[b], count);
                return blockCipher;
            },
            blockCipher => blockCipher.Dispose()));

        if (rows is null && header.Rows > 0)
        {
            using var sealedRows = new SealedRowFile(path, layout.VectorsAt, header.Rows, header.Dimension, fileKey);
            ParallelErrors.Unwrap(() => Parallel.For(0, layout.Blocks, b =>
            {
                var buffer = new float[header.Dimension];
                for (var r = 0; r < layout.RowsIn(b); r++)
                {
                    sealedRows.Read((b * Segment.RowsPerSegment) + r, buffer);
                    segments[b].LoadVector(r, buffer);
                }
            }));
        }

        var gallery = new FaceGallery(header.Dimension, options);
        gallery.Load(segments, header.Rows, subjects);
        return gallery;
    }

    private static byte[] ReadAt(FileStream file, long offset, int count)
    {
        var bytes = new byte[count];
        if (RandomAccess.Read(file.SafeFileHandle, bytes, offset) != count)
        {
            throw new InvalidDataException("The gallery snapshot is truncated.");
        }

        return bytes;
    }

    private static byte[] NamesPlaintext(IReadOnlyList<string> names)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream, Encoding.UTF8);
        writer.Write(names.Count);
        foreach (var name in names)
        {
            writer.Write(name);
        }

        writer.Flush();
        return stream.ToArray();
    }

    private static List<string> ReadNames(byte[] plaintext)
    {
        using var reader = new BinaryReader(new MemoryStream(plaintext), Encoding.UTF8);
        var count = reader.ReadInt32();
        var names = new List<string>(Math.Min(count, 1 << 20));
        for (var i = 0; i < count; i++)
        {
            names.Add(reader.ReadString());
        }

        return names;
    }

    /// <summary>A sealed chunk: plaintext length, tag, ciphertext; the header is its associated data.</summary>
    private static byte[] Seal(AesGcm cipher, byte[] header, long index, ReadOnlySpan<byte> plaintext)
    {
        var chunk = new byte[4 + SealedRowFile.TagBytes + plaintext.Length];
        BinaryPrimitives.WriteInt32LittleEndian(chunk, plaintext.Length);
        cipher.Encrypt(ChunkNonce(index), plaintext, chunk.AsSpan(4 + SealedRowFile.TagBytes), chunk.AsSpan(4, SealedRowFile.TagBytes), header);
        return chunk;
    }

    private static byte[] Open(AesGcm cipher, byte[] header, long index, byte[] chunk)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(chunk);
        if (length < 0 || length != chunk.Length - 4 - SealedRowFile.TagBytes)
        {
            throw new InvalidDataException($"Gallery snapshot chunk {index} claims {length} bytes where {chunk.Length - 4 - SealedRowFile.TagBytes} are left: the file is truncated or corrupt.");
        }

        var plaintext = new byte[length];
        try
        {
            cipher.Decrypt(ChunkNonce(index), chunk.AsSpan(4 + SealedRowFile.TagBytes), chunk.AsSpan(4, SealedRowFile.TagBytes), plaintext, header);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new InvalidDataException($"Gallery snapshot chunk {index} failed its integrity check: the file is corrupt or was sealed with another key.", e);
        }

        return plaintext;
    }

    // Chunk nonces start with 0xFFFFFFFF; row nonces start with four zero bytes, so the two never meet.
    private static byte[] ChunkNonce(long index)
    {
        var nonce = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(nonce, uint.MaxValue);
        BinaryPrimitives.WriteInt64LittleEndian(nonce.AsSpan(4), index);
        return nonce;
    }

    private static long Align(long position) => (position + Alignment - 1) / Alignment * Alignment;

    private static int Padding(long position) => (int)(Align(position) - position);

    /// <summary>The plain header: what the file holds and which key sealed it; every chunk authenticates it.</summary>
    private sealed record Header(int Dimension, int Rows, string KeyId, byte[] Salt)
    {
        public byte[] FileKey(byte[] masterKey) => HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, Salt, KeyInfo);

        public byte[] ToBytes()
        {
            var id = Encoding.UTF8.GetBytes(KeyId);
            if (id.Length is 0 or > 255)
            {
                throw new ArgumentException("A snapshot key id is 1 to 255 bytes.");
            }

            var bytes = new byte[Magic.Length + 4 + 4 + 4 + 16 + 1 + id.Length];
            Magic.CopyTo(bytes, 0);
            var at = Magic.Length;
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), Version);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at + 4), Dimension);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at + 8), Rows);
            Salt.CopyTo(bytes, at + 12);
            bytes[at + 28] = (byte)id.Length;
            id.CopyTo(bytes, at + 29);
            return bytes;
        }

        public static (Header Header, byte[] Bytes) Read(Stream file, long length)
        {
            var fixedPart = new byte[Magic.Length + 29];
            var read = file.ReadAtLeast(fixedPart, fixedPart.Length, throwOnEndOfStream: false);
            if (read >= Magic.Length && !fixedPart.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            {
                throw new InvalidDataException("Not a gallery snapshot (wrong magic): a plaintext or foreign file is not loaded.");
            }

            if (length < fixedPart.Length || read != fixedPart.Length)
            {
                throw new InvalidDataException("The gallery snapshot is truncated (no complete header).");
            }

            var at = Magic.Length;
            var version = BinaryPrimitives.ReadInt32LittleEndian(fixedPart.AsSpan(at));
            if (version != Version)
            {
                throw new InvalidDataException($"Gallery snapshot version {version} is not supported (expected {Version}).");
            }

            var dimension = BinaryPrimitives.ReadInt32LittleEndian(fixedPart.AsSpan(at + 4));
            var rows = BinaryPrimitives.ReadInt32LittleEndian(fixedPart.AsSpan(at + 8));
            if (dimension is < 1 or > 65536 || rows < 0)
            {
                throw new InvalidDataException($"Gallery snapshot header is corrupt (dimension {dimension}, rows {rows}).");
            }

            var id = new byte[fixedPart[at + 28]];
            file.ReadExactly(id);
            return (new Header(dimension, rows, Encoding.UTF8.GetString(id), fixedPart[(at + 12)..(at + 28)]), [.. fixedPart, .. id]);
        }
    }

    /// <summary>Where every part of a snapshot lies, and how a segment's resident parts lie in its chunk: ids, subject keys, scales, int8 rows, codes.</summary>
    private sealed class Layout(Header header, int headerBytes)
    {
        private readonly int _dimension = header.Dimension;
        private readonly int _words = BinaryKernels.Words(header.Dimension);

        public int Blocks { get; } = (header.Rows + Segment.RowsPerSegment - 1) / Segment.RowsPerSegment;

        public int RowBytes => 8 + 8 + 4 + _dimension + (_words * 8);

        public int RecordBytes => SealedRowFile.RecordBytesFor(_dimension);

        public long VectorsAt => Align(headerBytes + (Blocks * (4L + SealedRowFile.TagBytes)) + ((long)header.Rows * RowBytes));

        public long NamesAt => VectorsAt + ((long)header.Rows * RecordBytes);

        public int RowsIn(int block) => Math.Min(Segment.RowsPerSegment, header.Rows - (block * Segment.RowsPerSegment));

        public long ChunkAt(int block) => headerBytes + (block * (4L + SealedRowFile.TagBytes + ((long)Segment.RowsPerSegment * RowBytes)));

        public int ChunkBytes(int block) => 4 + SealedRowFile.TagBytes + (RowsIn(block) * RowBytes);

        public ResidentParts Parts(Span<byte> bytes, int n) => new(
            MemoryMarshal.Cast<byte, long>(bytes[..(n * 8)]),
            MemoryMarshal.Cast<byte, long>(bytes.Slice(n * 8, n * 8)),
            MemoryMarshal.Cast<byte, float>(bytes.Slice(n * 16, n * 4)),
            MemoryMarshal.Cast<byte, sbyte>(bytes.Slice(n * 20, n * _dimension)),
            MemoryMarshal.Cast<byte, ulong>(bytes.Slice(n * (20 + _dimension), n * _words * 8)));

        public void Unpack(byte[] bytes, Segment segment, int n)
        {
            if (bytes.Length != n * RowBytes)
            {
                throw new InvalidDataException($"A gallery snapshot chunk holds {bytes.Length} bytes where {n} rows need {n * RowBytes}.");
            }

            var parts = Parts(bytes, n);
            segment.LoadResident(n, parts.Ids, parts.Subjects, parts.Scales, parts.Quantized, parts.Codes);
        }
    }

    /// <summary>A chunk's parts, in place.</summary>
    private readonly ref struct ResidentParts(Span<long> ids, Span<long> subjects, Span<float> scales, Span<sbyte> quantized, Span<ulong> codes)
    {
        public Span<long> Ids { get; } = ids;

        public Span<long> Subjects { get; } = subjects;

        public Span<float> Scales { get; } = scales;

        public Span<sbyte> Quantized { get; } = quantized;

        public Span<ulong> Codes { get; } = codes;
    }

    /// <summary>One thread's share of a write: a block of rows quantised, encoded and sealed, then written at its places.</summary>
    private sealed class BlockWriter(Header header, byte[] fileKey) : IDisposable
    {
        private readonly AesGcm _cipher = new(fileKey, SealedRowFile.TagBytes);
        private readonly float[] _vector = new float[header.Dimension];
        private byte[] _resident = [];
        private byte[] _records = [];

        public void Write(SafeFileHandle file, Layout layout, byte[] headerBytes, SubjectKeys subjects, GalleryRowSource source, int block)
        {
            var n = layout.RowsIn(block);
            var first = block * Segment.RowsPerSegment;
            if (_resident.Length < n * layout.RowBytes)
            {
                (_resident, _records) = (new byte[Segment.RowsPerSegment * layout.RowBytes], new byte[Segment.RowsPerSegment * layout.RecordBytes]);
            }

            var parts = layout.Parts(_resident, n);
            var words = BinaryKernels.Words(header.Dimension);
            for (var r = 0; r < n; r++)
            {
                source(first + r, out parts.Ids[r], out var subject, _vector);
                VectorValidation.EnsureUnit(_vector, header.Dimension);
                parts.Subjects[r] = subjects.KeyOf(subject);
                parts.Scales[r] = Int8Kernels.Quantize(_vector, parts.Quantized.Slice(r * header.Dimension, header.Dimension));
                BinaryKernels.Encode(_vector, parts.Codes.Slice(r * words, words));
                SealedRowFile.Seal(_cipher, first + r, _vector, _records.AsSpan(r * layout.RecordBytes, layout.RecordBytes));
            }

            RandomAccess.Write(file, _records.AsSpan(0, n * layout.RecordBytes), layout.VectorsAt + ((long)first * layout.RecordBytes));
            RandomAccess.Write(file, Seal(_cipher, headerBytes, block, _resident.AsSpan(0, n * layout.RowBytes)), layout.ChunkAt(block));
        }

        public void Dispose() => _cipher.Dispose();
    }
}
