using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace EGov.Biometrics.Matching.Gallery;

/// <summary>
/// The gallery's live templates in one compact binary file: a header (magic, version, dimension, count),
/// each template's ids, then all vectors back to back, and a trailer with the XxHash3 of everything before
/// it. A truncated or corrupt file is detected and refused; a save goes to a temporary file first.
/// </summary>
public static class GallerySnapshot
{
    private const int Version = 1;
    private static readonly byte[] Magic = "EGOVGAL1"u8.ToArray();
    private static readonly byte[] EndMagic = "EGOVEND1"u8.ToArray();

    public static void Save(FaceGallery gallery, string path)
    {
        var temporary = path + ".partial";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        {
            Write(gallery, file);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    public static FaceGallery Load(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);
        return Read(file);
    }

    public static void Write(FaceGallery gallery, Stream output)
    {
        var (state, live) = gallery.LiveView();
        var hash = new XxHash3();
        using var writer = new BinaryWriter(new HashingStream(output, hash), Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(Version);
        writer.Write(gallery.Dimension);
        writer.Write((long)live.Length);
        foreach (var row in live)
        {
            writer.Write(state.TemplateId(row));
            writer.Write(state.SubjectId(row));
        }

        foreach (var row in live)
        {
            writer.Write(MemoryMarshal.AsBytes(state.Vector(row)));
        }

        writer.Flush();
        output.Write(BitConverter.GetBytes(hash.GetCurrentHashAsUInt64()));
        output.Write(EndMagic);
    }

    public static FaceGallery Read(Stream input)
    {
        try
        {
            var hash = new XxHash3();
            using var reader = new BinaryReader(new HashingStream(input, hash), Encoding.UTF8, leaveOpen: true);
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException("Not a gallery snapshot (wrong magic).");
            }

            var version = reader.ReadInt32();
            if (version != Version)
            {
                throw new InvalidDataException($"Gallery snapshot version {version} is not supported (expected {Version}).");
            }

            var dimension = reader.ReadInt32();
            var count = reader.ReadInt64();
            // Each template needs at least 9 id bytes and its vector: a count the stream cannot hold is corrupt.
            var remaining = input.CanSeek ? input.Length - input.Position : long.MaxValue;
            if (dimension < 1 || dimension > 65536 || count < 0 || count > int.MaxValue || count * ((dimension * 4L) + 9) > remaining)
            {
                throw new InvalidDataException($"Gallery snapshot header is corrupt (dimension {dimension}, count {count}).");
            }

            var ids = new (long Template, string Subject)[count];
            for (var i = 0; i < count; i++)
            {
                ids[i] = (reader.ReadInt64(), reader.ReadString());
            }

            var pending = new float[count][];
            for (var i = 0; i < count; i++)
            {
                var bytes = reader.ReadBytes(dimension * sizeof(float));
                if (bytes.Length != dimension * sizeof(float))
                {
                    throw new EndOfStreamException();
                }

                pending[i] = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
            }

            var expected = hash.GetCurrentHashAsUInt64();
            Span<byte> trailer = stackalloc byte[16];
            input.ReadExactly(trailer);
            if (BitConverter.ToUInt64(trailer[..8]) != expected || !trailer[8..].SequenceEqual(EndMagic))
            {
                throw new InvalidDataException("Gallery snapshot checksum mismatch: the file is corrupt.");
            }

            var gallery = new FaceGallery(dimension);
            for (var i = 0; i < count; i++)
            {
                gallery.Add(ids[i].Template, ids[i].Subject, pending[i]);
            }

            return gallery;
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("Gallery snapshot is truncated.", e);
        }
    }

    /// <summary>Passes bytes through while adding them to a hash.</summary>
    private sealed class HashingStream(Stream inner, XxHash3 hash) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            hash.Append(buffer.AsSpan(offset, read));
            return read;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            hash.Append(buffer.AsSpan(offset, count));
            inner.Write(buffer, offset, count);
        }

        public override void Flush() => inner.Flush();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
