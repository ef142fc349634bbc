using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using EGov.Biometrics.Vision.Imaging;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Tests;

/// <summary>
/// The metadata around an image (EXIF, compressed text) is not read to measure it (issue 13's attack pass): an EXIF
/// chain of 30,000 IFDs in a PNG or a WebP overflowed MetadataExtractor's stack and killed the server (a desk's liveness
/// frame is a PNG), and a PNG comment of 1 GiB compressed into 1 MB was inflated whole (3.1 GiB, 8 s). Such images now
/// decode like any other, at the cost of their pixels.
/// </summary>
public sealed class EmbeddedMetadataTests
{
    private const int ChainedIfds = 30_000;

    [Fact]
    public void A_png_with_an_exif_chain_of_30000_ifds_decodes()
    {
        var png = WithChunk(Png(), "eXIf", ExifChain(ChainedIfds));

        using var image = ImageDecoder.Decode(png);

        Assert.Equal((64, 48), (image.Width, image.Height));
    }

    [Fact]
    public void A_webp_with_an_exif_chain_of_30000_ifds_decodes()
    {
        using var source = new Mat(48, 64, MatType.CV_8UC3, Scalar.Gray);
        var simple = source.ImEncode(".webp");

        // The extended form: VP8X (EXIF flag, canvas 64x48), the image's chunk (VP8L from OpenCV), the EXIF chunk.
        byte[] vp8x = [0x08, 0, 0, 0, 63, 0, 0, 47, 0, 0];
        byte[] body = [.. "WEBP"u8, .. RiffChunk("VP8X", vp8x), .. simple[12..], .. RiffChunk("EXIF", ExifChain(ChainedIfds))];
        var webp = new byte[8 + body.Length];
        "RIFF"u8.CopyTo(webp);
        BinaryPrimitives.WriteUInt32LittleEndian(webp.AsSpan(4), (uint)body.Length);
        body.CopyTo(webp, 8);

        using var image = ImageDecoder.Decode(webp);

        Assert.Equal((64, 48), (image.Width, image.Height));
    }

    [Fact]
    public void A_compressed_png_comment_is_not_inflated()
    {
        // 64 MiB of text in 64 KiB: measuring the image must not allocate it.
        using var deflated = new MemoryStream();
        using (var zlib = new ZLibStream(deflated, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(new byte[64 * 1024 * 1024]);
        }

        var png = WithChunk(Png(), "zTXt", [.. "Comment"u8, 0, 0, .. deflated.ToArray()]);

        var before = GC.GetAllocatedBytesForCurrentThread();
        using var image = ImageDecoder.Decode(png);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal((64, 48), (image.Width, image.Height));
        Assert.True(allocated < 16 * 1024 * 1024, $"measuring the PNG allocated {allocated / 1024 / 1024} MiB");
    }

    private static byte[] Png()
    {
        using var source = new Mat(48, 64, MatType.CV_8UC3, Scalar.Gray);
        return source.ImEncode(".png");
    }

    // Inserts a chunk right after IHDR (8-byte signature, then IHDR's 25 bytes).
    private static byte[] WithChunk(byte[] png, string type, byte[] data)
    {
        var chunk = new byte[12 + data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        System.Text.Encoding.ASCII.GetBytes(type, chunk.AsSpan(4));
        data.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), Crc32.HashToUInt32(chunk.AsSpan(4, 4 + data.Length)));
        return [.. png[..33], .. chunk, .. png[33..]];
    }

    private static byte[] RiffChunk(string type, byte[] data)
    {
        var chunk = new byte[8 + data.Length + (data.Length % 2)];
        System.Text.Encoding.ASCII.GetBytes(type, chunk);
        BinaryPrimitives.WriteUInt32LittleEndian(chunk.AsSpan(4), (uint)data.Length);
        data.CopyTo(chunk, 8);
        return chunk;
    }

    // A little-endian TIFF structure of IFDs with one entry each (Software = ""), each pointing to the next.
    private static byte[] ExifChain(int ifds)
    {
        const int ifdBytes = 2 + 12 + 4;
        var tiff = new byte[8 + (ifds * ifdBytes)];
        "II*\0"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8);
        for (var i = 0; i < ifds; i++)
        {
            var ifd = tiff.AsSpan(8 + (i * ifdBytes));
            BinaryPrimitives.WriteUInt16LittleEndian(ifd, 1);
            BinaryPrimitives.WriteUInt16LittleEndian(ifd[2..], 0x0131);
            BinaryPrimitives.WriteUInt16LittleEndian(ifd[4..], 2);
            BinaryPrimitives.WriteUInt32LittleEndian(ifd[6..], 1);
            BinaryPrimitives.WriteUInt32LittleEndian(ifd[14..], i + 1 < ifds ? (uint)(8 + ((i + 1) * ifdBytes)) : 0);
        }

        return tiff;
    }
}
