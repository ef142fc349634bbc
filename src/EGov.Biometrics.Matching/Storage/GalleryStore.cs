using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Matching.Kernels;

namespace EGov.Biometrics.Matching.Storage;

/// <summary>
/// The gallery's live rows in one encrypted file, so a restart loads codes and int8 rows instead of
/// decrypting the registry row by row. A plain header (magic, version, dimension, rows, key id, a random
/// salt) is bound into every sealed part; the file key is derived from the ring's key and the salt (HKDF),
/// so nonces never repeat across files. Then AES-GCM chunks: the interned subject names, and per segment
/// the template ids, subject keys, scales, int8 rows and sign codes — all verified when loaded. Then, 4 KiB
/// aligned, each float row sealed on its own (<see cref="SealedRowFile"/>): a mapped load leaves them on disk
/// and checks each when it is read; an in-memory load decrypts and checks them all. A truncated, altered or
/// foreign file is refused with a message saying so; the registry stays the system of record.
/// </summary>
public static class GalleryStore
{
    private const int Version = 2;
    private const int Alignment = 4096;
    private static readonly byte[] Magic = "EGOVGS02"u8.ToArray();
    private static readonly byte[] KeyInfo = "egov gallery snapshot v2"u8.ToArray();

    /// <summary>Writes the gallery's live rows to <paramref name="path"/> (through a temporary file, flushed to disk, then renamed).</summary>
    public static void Save(FaceGallery gallery, string path, SnapshotKey key)
    {
        var (state, live) = gallery.LiveView();
        var header = new Header(gallery.Dimension, live.Length, key.Id, RandomNumberGenerator.GetBytes(16), Names(state));
        var fileKey = header.FileKey(key.Key);
        var temporary = path + ".partial";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        using (var cipher = new AesGcm(fileKey, SealedRowFile.TagBytes))
        {
            var headerBytes = header.ToBytes();
            file.Write(headerBytes);
            WriteChunk(file, cipher, headerBytes, 0, NamesPlaintext(header.Names));
            var layout = new Layout(gallery.Dimension);
            var blocks = (live.Length + Segment.RowsPerSegment - 1) / Segment.RowsPerSegment;
            for (var b = 0; b < blocks; b++)
            {
                var rows = live.AsSpan(b * Segment.RowsPerSegment, Math.Min(Segment.RowsPerSegment, live.Length - (b * Segment.RowsPerSegment)));
                WriteChunk(file, cipher, headerBytes, b + 1, layout.Pack(state, rows));
            }

            file.Write(new byte[Padding(file.Position)]);
            WriteVectors(file, state, live, fileKey);
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
        using var map = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var length = new FileInfo(path).Length;
        using var view = map.CreateViewStream(0, 0, MemoryMappedFileAccess.Read);
        var (header, headerBytes) = Header.Read(view, length);
        var masterKey = keys(header.KeyId) ?? throw new InvalidDataException($"The gallery snapshot is sealed with key '{header.KeyId}', which the key ring no longer holds.");
        var fileKey = header.FileKey(masterKey);
        var layout = new Layout(header.Dimension);
        var blocks = (header.Rows + Segment.RowsPerSegment - 1) / Segment.RowsPerSegment;

        using var cipher = new AesGcm(fileKey, SealedRowFile.TagBytes);
        var names = ReadNames(ReadChunk(view, cipher, headerBytes, 0));
        var subjects = new SubjectKeys();
        foreach (var name in names)
        {
            subjects.KeyOf(name);
        }

        var vectorsAt = Align(view.Position + blocks * (4L + SealedRowFile.TagBytes) + ((long)header.Rows * layout.RowBytes));
        var expected = vectorsAt + ((long)header.Rows * SealedRowFile.RecordBytesFor(header.Dimension));
        if (length != expected)
        {
            throw new InvalidDataException($"The gallery snapshot is {length:N0} bytes; its header promises {expected:N0}: the file is truncated or corrupt.");
        }

        var rows = mapVectors && header.Rows > 0 ? new SealedRowFile(path, vectorsAt, header.Rows, header.Dimension, fileKey) : null;
        var segments = new Segment[blocks];
        for (var b = 0; b < blocks; b++)
        {
            var count = Math.Min(Segment.RowsPerSegment, header.Rows - (b * Segment.RowsPerSegment));
            segments[b] = new Segment(header.Dimension, rows, b * Segment.RowsPerSegment, rows is null ? 0 : count);
            layout.Unpack(ReadChunk(view, cipher, headerBytes, b + 1), segments[b], count);
        }

        if (rows is null)
        {
            using var sealedRows = header.Rows > 0 ? new SealedRowFile(path, vectorsAt, header.Rows, header.Dimension, fileKey) : null;
            ParallelErrors.Unwrap(() => Parallel.For(0, blocks, b =>
            {
                var count = Math.Min(Segment.RowsPerSegment, header.Rows - (b * Segment.RowsPerSegment));
                var buffer = new float[header.Dimension];
                for (var r = 0; r < count; r++)
                {
                    sealedRows!.Read((b * Segment.RowsPerSegment) + r, buffer);
                    segments[b].LoadVector(r, buffer);
                }
            }));
        }

        var gallery = new FaceGallery(header.Dimension, options);
        gallery.Load(segments, header.Rows, subjects);
        return gallery;
    }

    private static List<string> Names(GalleryState state) => state.Subjects.InternedNames();

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

    private static void WriteVectors(Stream file, GalleryState state, int[] live, byte[] fileKey)
    {
        var record = SealedRowFile.RecordBytesFor(state.Dimension);
        const int Block = 4096;
        var blocks = (live.Length + Block - 1) / Block;
        var buffers = new byte[2][];

        // Seal one block of rows on all cores while the previous one is written.
        Task? writing = null;
        for (var b = 0; b < blocks; b++)
        {
            var first = b * Block;
            var count = Math.Min(Block, live.Length - first);
            var buffer = buffers[b % 2] ??= new byte[Block * record];
            Parallel.For(
                0, count,
                () => (Cipher: new AesGcm(fileKey, SealedRowFile.TagBytes), Vector: new float[state.Dimension]),
                (i, _, local) =>
                {
                    state.SegmentOf(live[first + i]).ReadRows(live[first + i] % Segment.RowsPerSegment, 1, local.Vector);
                    SealedRowFile.Seal(local.Cipher, first + i, local.Vector, buffer.AsSpan(i * record, record));
                    return local;
                },
                local => local.Cipher.Dispose());
            writing?.Wait();
            var bytes = count * record;
            writing = Task.Run(() => file.Write(buffer, 0, bytes));
        }

        writing?.Wait();
    }

    private static void WriteChunk(Stream file, AesGcm cipher, byte[] header, long index, byte[] plaintext)
    {
        var ciphertext = new byte[plaintext.Length];
        Span<byte> tag = stackalloc byte[SealedRowFile.TagBytes];
        cipher.Encrypt(ChunkNonce(index), plaintext, ciphertext, tag, header);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, plaintext.Length);
        file.Write(length);
        file.Write(tag);
        file.Write(ciphertext);
    }

    private static byte[] ReadChunk(Stream file, AesGcm cipher, byte[] header, long index)
    {
        Span<byte> prefix = stackalloc byte[4 + SealedRowFile.TagBytes];
        if (file.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false) != prefix.Length)
        {
            throw new InvalidDataException("The gallery snapshot is truncated.");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(prefix);
        if (length < 0 || length > file.Length - file.Position)
        {
            throw new InvalidDataException($"Gallery snapshot chunk {index} claims {length} bytes: the file is truncated or corrupt.");
        }

        var ciphertext = new byte[length];
        file.ReadExactly(ciphertext);
        var plaintext = new byte[length];
        try
        {
            cipher.Decrypt(ChunkNonce(index), ciphertext, prefix[4..], plaintext, header);
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
    private sealed record Header(int Dimension, int Rows, string KeyId, byte[] Salt, List<string> Names)
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
            return (new Header(dimension, rows, Encoding.UTF8.GetString(id), fixedPart[(at + 12)..(at + 28)], []), [.. fixedPart, .. id]);
        }
    }

    /// <summary>How one segment's resident parts lie in its chunk: ids, subject keys, scales, int8 rows, codes.</summary>
    private sealed class Layout(int dimension)
    {
        private readonly int _words = BinaryKernels.Words(dimension);

        public int RowBytes => 8 + 8 + 4 + dimension + (_words * 8);

        public byte[] Pack(GalleryState state, ReadOnlySpan<int> rows)
        {
            var n = rows.Length;
            var bytes = new byte[n * RowBytes];
            var ids = MemoryMarshal.Cast<byte, long>(bytes.AsSpan(0, n * 8));
            var subjects = MemoryMarshal.Cast<byte, long>(bytes.AsSpan(n * 8, n * 8));
            var scales = MemoryMarshal.Cast<byte, float>(bytes.AsSpan(n * 16, n * 4));
            var quantized = MemoryMarshal.Cast<byte, sbyte>(bytes.AsSpan(n * 20, n * dimension));
            var codes = MemoryMarshal.Cast<byte, ulong>(bytes.AsSpan(n * (20 + dimension), n * _words * 8));
            for (var i = 0; i < n; i++)
            {
                var row = rows[i];
                ids[i] = state.TemplateId(row);
                subjects[i] = state.SubjectKey(row);
                scales[i] = state.Scale(row);
                state.QuantizedRow(row).CopyTo(quantized.Slice(i * dimension, dimension));
                state.Code(row).CopyTo(codes.Slice(i * _words, _words));
            }

            return bytes;
        }

        public void Unpack(byte[] bytes, Segment segment, int n)
        {
            if (bytes.Length != n * RowBytes)
            {
                throw new InvalidDataException($"A gallery snapshot chunk holds {bytes.Length} bytes where {n} rows need {n * RowBytes}.");
            }

            segment.LoadResident(
                n,
                MemoryMarshal.Cast<byte, long>(bytes.AsSpan(0, n * 8)),
                MemoryMarshal.Cast<byte, long>(bytes.AsSpan(n * 8, n * 8)),
                MemoryMarshal.Cast<byte, float>(bytes.AsSpan(n * 16, n * 4)),
                MemoryMarshal.Cast<byte, sbyte>(bytes.AsSpan(n * 20, n * dimension)),
                MemoryMarshal.Cast<byte, ulong>(bytes.AsSpan(n * (20 + dimension), n * _words * 8)));
        }
    }
}
