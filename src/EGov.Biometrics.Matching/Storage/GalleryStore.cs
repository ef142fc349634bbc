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

    // One worker per core for the in-memory decrypt (no per-worker buffers there).
    private static readonly ParallelOptions CoresOnly = new() { MaxDegreeOfParallelism = Environment.ProcessorCount };

    /// <summary>Writes the gallery's live rows to <paramref name="path"/>, bound to <paramref name="scope"/> (the model it is the gallery of).</summary>
    public static void Save(FaceGallery gallery, string path, SnapshotKey key, string scope = "")
    {
        var (state, live) = gallery.LiveView();
        Write(path, key, gallery.Dimension, live.Length, (int i, out long templateId, out string subjectId, Span<float> vector) =>
        {
            var row = live[i];
            templateId = state.TemplateId(row);
            subjectId = state.SubjectId(row);
            gallery.ReadVector(state, row, vector);
        }, scope);
    }

    /// <summary>
    /// Writes <paramref name="rows"/> rows from <paramref name="source"/> to <paramref name="path"/>, through a
    /// temporary file flushed to disk and then renamed. The source is called from several threads, or, with
    /// <paramref name="inOrder"/>, for row 0, 1, 2… on one thread (a source that streams, like the registry).
    /// </summary>
    public static void Write(string path, SnapshotKey key, int dimension, int rows, GalleryRowSource source, string scope = "", bool inOrder = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        VectorValidation.EnsureDimension(dimension);
        var header = new Header(dimension, rows, key.Id, RandomNumberGenerator.GetBytes(16), scope);
        var headerBytes = header.ToBytes();
        var fileKey = header.FileKey(key.Key);
        var layout = new Layout(header, headerBytes.Length);
        var subjects = new SubjectKeys();
        var temporary = path + ".partial";
        try
        {
            using var file = new FileStream(temporary, FileMode.Create, FileAccess.ReadWrite, FileShare.None);
            RandomAccess.Write(file.SafeFileHandle, headerBytes, 0);
            BlockWorkers.Run(
                layout.Blocks,
                inOrder ? 1 : Environment.ProcessorCount,
                () => new BlockWriter(header, fileKey),
                (b, writer) => writer.Write(file.SafeFileHandle, layout, headerBytes, subjects, source, b));
            using var cipher = new AesGcm(fileKey, SealedRowFile.TagBytes);
            var names = NamesPlaintext(subjects.InternedNames());
            var chunk = new byte[4 + SealedRowFile.TagBytes + names.Length];
            Seal(cipher, headerBytes, layout.Blocks, names, chunk);
            RandomAccess.Write(file.SafeFileHandle, chunk, layout.NamesAt);
            file.Flush(flushToDisk: true);
        }
        catch
        {
            // A failed write (a full disk, a corrupt row) leaves no partial file of up to tens of gigabytes behind.
            File.Delete(temporary);
            throw;
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>
    /// Loads a snapshot. With <paramref name="mapVectors"/> the float rows stay sealed in the mapped file
    /// (only codes, int8 rows and ids are resident); otherwise they are decrypted into memory.
    /// </summary>
    /// <param name="keys">The key ring's key for an id, or null if the ring no longer has it.</param>
    /// <param name="scope">What the snapshot must have been written for (the model); another one is refused.</param>
    public static FaceGallery Load(string path, Func<string, byte[]?> keys, bool mapVectors, GalleryOptions? options = null, string scope = "")
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = file.Length;
        var (header, headerBytes) = Header.Read(file, length);
        if (header.Scope != scope)
        {
            throw new InvalidDataException($"The gallery snapshot was written for '{header.Scope}', not '{scope}'.");
        }

        var masterKey = keys(header.KeyId) ?? throw new InvalidDataException($"The gallery snapshot is sealed with key '{header.KeyId}', which the key ring no longer holds.");
        var fileKey = header.FileKey(masterKey);
        var layout = new Layout(header, headerBytes.Length);
        var namesLength = new byte[4];
        if (length < layout.NamesAt + 4 + SealedRowFile.TagBytes || RandomAccess.Read(file.SafeFileHandle, namesLength, layout.NamesAt) != 4
            || length != layout.NamesAt + 4 + SealedRowFile.TagBytes + BinaryPrimitives.ReadUInt32LittleEndian(namesLength))
        {
            // Checked before anything is allocated from the file's word: a length must add up to the file exactly.
            throw new InvalidDataException($"The gallery snapshot is {length:N0} bytes, not what its header and last chunk promise: the file is truncated or corrupt.");
        }

        using var cipher = new AesGcm(fileKey, SealedRowFile.TagBytes);
        var namesChunk = new byte[length - layout.NamesAt];
        ReadAt(file, layout.NamesAt, namesChunk);
        var names = ReadNames(Open(cipher, headerBytes, layout.Blocks, namesChunk));
        var subjects = new SubjectKeys();
        foreach (var name in names)
        {
            subjects.KeyOf(name);
        }

        var rows = mapVectors && header.Rows > 0 ? new SealedRowFile(path, layout.VectorsAt, header.Rows, header.Dimension, fileKey) : null;
        var segments = new Segment[layout.Blocks];
        // One cipher and two reused buffers per worker: ten million rows are 600 chunks of 10 MB, no garbage.
        BlockWorkers.Run(
            layout.Blocks,
            Environment.ProcessorCount,
            () => new ChunkReader(fileKey, layout.ChunkBytes(0)),
            (b, reader) =>
            {
                var count = layout.RowsIn(b);
                segments[b] = new Segment(header.Dimension, rows, b * Segment.RowsPerSegment, rows is null ? 0 : count);
                var sealedChunk = reader.Sealed.AsSpan(0, layout.ChunkBytes(b));
                ReadAt(file, layout.ChunkAt(b), sealedChunk);
                var plain = reader.Plain.AsSpan(0, count * layout.RowBytes);
                Open(reader.Cipher, headerBytes, b, sealedChunk, plain);
                layout.Unpack(plain, segments[b], count);
            });

        if (rows is null && header.Rows > 0)
        {
            using var sealedRows = new SealedRowFile(path, layout.VectorsAt, header.Rows, header.Dimension, fileKey);
            ParallelErrors.Unwrap(() => Parallel.For(0, layout.Blocks, CoresOnly, b =>
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

    private static void ReadAt(FileStream file, long offset, Span<byte> bytes)
    {
        var read = 0;
        while (read < bytes.Length)
        {
            var got = RandomAccess.Read(file.SafeFileHandle, bytes[read..], offset + read);
            if (got == 0)
            {
                throw new InvalidDataException("The gallery snapshot is truncated.");
            }

            read += got;
        }
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

    /// <summary>Seals <paramref name="plaintext"/> into <paramref name="chunk"/>: its length, the tag, the ciphertext; the header is the associated data.</summary>
    private static void Seal(AesGcm cipher, byte[] header, long index, ReadOnlySpan<byte> plaintext, Span<byte> chunk)
    {
        BinaryPrimitives.WriteInt32LittleEndian(chunk, plaintext.Length);
        cipher.Encrypt(ChunkNonce(index), plaintext, chunk.Slice(4 + SealedRowFile.TagBytes, plaintext.Length), chunk.Slice(4, SealedRowFile.TagBytes), header);
    }

    private static byte[] Open(AesGcm cipher, byte[] header, long index, byte[] chunk)
    {
        var plaintext = new byte[Math.Max(0, chunk.Length - 4 - SealedRowFile.TagBytes)];
        Open(cipher, header, index, chunk, plaintext);
        return plaintext;
    }

    private static void Open(AesGcm cipher, byte[] header, long index, ReadOnlySpan<byte> chunk, Span<byte> plaintext)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(chunk);
        if (length < 0 || length != chunk.Length - 4 - SealedRowFile.TagBytes || length != plaintext.Length)
        {
            throw new InvalidDataException($"Gallery snapshot chunk {index} claims {length} bytes where {chunk.Length - 4 - SealedRowFile.TagBytes} are left: the file is truncated or corrupt.");
        }

        try
        {
            cipher.Decrypt(ChunkNonce(index), chunk[(4 + SealedRowFile.TagBytes)..], chunk.Slice(4, SealedRowFile.TagBytes), plaintext, header);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new InvalidDataException($"Gallery snapshot chunk {index} failed its integrity check: the file is corrupt or was sealed with another key.", e);
        }
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
    private sealed record Header(int Dimension, int Rows, string KeyId, byte[] Salt, string Scope)
    {
        public byte[] FileKey(byte[] masterKey) => HKDF.DeriveKey(HashAlgorithmName.SHA256, masterKey, 32, Salt, KeyInfo);

        public byte[] ToBytes()
        {
            var id = Text(KeyId, "key id", allowEmpty: false);
            var scope = Text(Scope, "scope", allowEmpty: true);
            var bytes = new byte[Magic.Length + 4 + 4 + 4 + 16 + 1 + id.Length + 1 + scope.Length];
            Magic.CopyTo(bytes, 0);
            var at = Magic.Length;
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at), Version);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at + 4), Dimension);
            BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at + 8), Rows);
            Salt.CopyTo(bytes, at + 12);
            bytes[at + 28] = (byte)id.Length;
            id.CopyTo(bytes, at + 29);
            bytes[at + 29 + id.Length] = (byte)scope.Length;
            scope.CopyTo(bytes, at + 30 + id.Length);
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
            if (dimension is < 1 or > VectorValidation.MaxDimension || rows < 0)
            {
                throw new InvalidDataException($"Gallery snapshot header is corrupt (dimension {dimension}, rows {rows}).");
            }

            var id = ReadText(file, fixedPart[at + 28]);
            var scopeLength = new byte[1];
            var scope = ReadText(file, file.ReadAtLeast(scopeLength, 1, throwOnEndOfStream: false) == 1 ? scopeLength[0] : throw Truncated());
            return (new Header(dimension, rows, Encoding.UTF8.GetString(id), fixedPart[(at + 12)..(at + 28)], Encoding.UTF8.GetString(scope)), [.. fixedPart, .. id, .. scopeLength, .. scope]);
        }

        private static byte[] Text(string value, string name, bool allowEmpty)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            return bytes.Length > 255 || (bytes.Length == 0 && !allowEmpty) ? throw new ArgumentException($"A snapshot {name} is {(allowEmpty ? 0 : 1)} to 255 bytes.") : bytes;
        }

        private static byte[] ReadText(Stream file, int length)
        {
            var bytes = new byte[length];
            return file.ReadAtLeast(bytes, length, throwOnEndOfStream: false) == length ? bytes : throw Truncated();
        }

        private static InvalidDataException Truncated() => new("The gallery snapshot is truncated (no complete header).");
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

        public void Unpack(Span<byte> bytes, Segment segment, int n)
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

    /// <summary>One worker's cipher and buffers for reading chunks.</summary>
    private sealed class ChunkReader(byte[] fileKey, int chunkBytes) : IDisposable
    {
        public AesGcm Cipher { get; } = new(fileKey, SealedRowFile.TagBytes);

        public byte[] Sealed { get; } = new byte[chunkBytes];

        public byte[] Plain { get; } = new byte[chunkBytes];

        public void Dispose() => Cipher.Dispose();
    }

    /// <summary>One thread's share of a write: a block of rows quantised, encoded and sealed, then written at its places.</summary>
    private sealed class BlockWriter(Header header, byte[] fileKey) : IDisposable
    {
        private readonly AesGcm _cipher = new(fileKey, SealedRowFile.TagBytes);
        private readonly float[] _vector = new float[header.Dimension];
        private byte[] _resident = [];
        private byte[] _records = [];
        private byte[] _chunk = [];

        public void Write(SafeFileHandle file, Layout layout, byte[] headerBytes, SubjectKeys subjects, GalleryRowSource source, int block)
        {
            var n = layout.RowsIn(block);
            var first = block * Segment.RowsPerSegment;
            if (_resident.Length < n * layout.RowBytes)
            {
                (_resident, _records, _chunk) = (new byte[Segment.RowsPerSegment * layout.RowBytes], new byte[Segment.RowsPerSegment * layout.RecordBytes], new byte[layout.ChunkBytes(0)]);
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
            var chunk = _chunk.AsSpan(0, layout.ChunkBytes(block));
            Seal(_cipher, headerBytes, block, _resident.AsSpan(0, n * layout.RowBytes), chunk);
            RandomAccess.Write(file, chunk, layout.ChunkAt(block));
        }

        public void Dispose() => _cipher.Dispose();
    }
}
