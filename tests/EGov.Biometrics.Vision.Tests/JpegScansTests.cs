using EGov.Biometrics.Vision.Imaging;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Tests;

/// <summary>
/// A progressive JPEG of a few hundred kilobytes made of thousands of empty refinement scans, each of which libjpeg
/// passes over the whole image for (issue 13's attack pass: 100,000 scans, 2.2 MB, 78 s of the server's CPU), is refused
/// from its markers; a progressive JPEG as encoders write it still decodes.
/// </summary>
public sealed class JpegScansTests
{
    [Fact]
    public void A_jpeg_of_thousands_of_scans_is_refused_before_libjpeg_reads_them() =>
        DecoderAssert.RefusedQuickly(Progressive(1736, 1208, scans: 5000), ImageError.Corrupt, "more than 100 scans");

    [Fact]
    public void Scans_behind_stray_bytes_or_a_lengthless_marker_are_counted_as_libjpeg_reads_them()
    {
        // libjpeg skips a byte that is no marker (with a warning) and reads on: 7 s of CPU for 10,000 scans behind one.
        // TEM (0xFF01) has no length: read as one, its next two bytes would skip 65,535 bytes of scans.
        var jpeg = Progressive(1736, 1208, scans: 3000);
        var table = jpeg.AsSpan().IndexOf([(byte)0xFF, (byte)0xC4, (byte)0x00, (byte)0x14, (byte)0x10]);
        byte[] acTable = jpeg[table..(table + 22)];

        DecoderAssert.RefusedQuickly(AfterFirstAcScan(jpeg, [.. acTable, 0x00]), ImageError.Corrupt, "more than 100 scans");
        DecoderAssert.RefusedQuickly(AfterFirstAcScan(jpeg, [.. acTable, 0xFF, 0x01, 0xFF, 0xFF]), ImageError.Corrupt, "more than 100 scans");
    }

    [Fact]
    public void A_progressive_jpeg_from_an_encoder_decodes()
    {
        using var source = new Mat(480, 640, MatType.CV_8UC3);
        Cv2.Randu(source, Scalar.All(0), Scalar.All(255));

        using var image = ImageDecoder.Decode(source.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegProgressive, 1)));

        Assert.Equal((640, 480), (image.Width, image.Height));
    }

    [Fact]
    public void A_crafted_progressive_jpeg_of_a_few_scans_decodes()
    {
        using var image = ImageDecoder.Decode(Progressive(1736, 1208, scans: 3));

        Assert.Equal((1736, 1208), (image.Width, image.Height));
    }

    // A grey progressive JPEG: a DC scan (every difference 0), then the same AC scan over and over, each one end-of-band
    // run per 32,767 blocks (1736x1208 pixels are 217x151 = 32,767 blocks). One Huffman table each, of one symbol: DC category 0, AC EOBRUN of 2^14 + 14 extra bits.
    private static byte[] Progressive(int width, int height, int scans)
    {
        var blocks = width / 8 * (height / 8);
        var jpeg = new List<byte> { 0xFF, 0xD8 };
        jpeg.AddRange(Segment(0xDB, [0, .. Enumerable.Repeat((byte)1, 64)]));
        jpeg.AddRange(Segment(0xC2, [8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 1, 1, 0x11, 0]));
        jpeg.AddRange(Segment(0xC4, [0x00, 1, .. new byte[15], 0]));
        jpeg.AddRange(Segment(0xC4, [0x10, 1, .. new byte[15], 0xE0]));

        var dc = new Bits();
        for (var b = 0; b < blocks; b++)
        {
            dc.Put(0, 1);
        }

        jpeg.AddRange(Segment(0xDA, [1, 1, 0x00, 0, 0, 0]));
        jpeg.AddRange(dc.Flush());

        var ac = new Bits();
        for (var left = blocks; left > 0; left -= 32767)
        {
            var run = Math.Min(left, 32767);
            Assert.True(run >= 16384, "the image's blocks must be whole runs of 2^14 to 2^15 - 1");
            ac.Put(0, 1);
            ac.Put(run - 16384, 14);
        }

        byte[] scan = [.. Segment(0xDA, [1, 1, 0x00, 1, 63, 0]), .. ac.Flush()];
        for (var s = 0; s < scans; s++)
        {
            jpeg.AddRange(scan);
        }

        jpeg.AddRange([0xFF, 0xD9]);
        return [.. jpeg];
    }

    // Inserts bytes before the third scan (the DC scan and one AC scan come first).
    private static byte[] AfterFirstAcScan(byte[] jpeg, byte[] inserted)
    {
        var at = 0;
        for (var scan = 0; scan < 3; scan++)
        {
            at = jpeg.AsSpan(at + 1).IndexOf([(byte)0xFF, (byte)0xDA]) + at + 1;
        }

        return [.. jpeg[..at], .. inserted, .. jpeg[at..]];
    }

    private static byte[] Segment(byte marker, byte[] content) =>
        [0xFF, marker, (byte)((content.Length + 2) >> 8), (byte)(content.Length + 2), .. content];

    // Entropy-coded bits, most significant first, with a zero stuffed after each 0xFF and one-bits padding the last byte.
    private sealed class Bits
    {
        private readonly List<byte> _bytes = [];
        private int _current;
        private int _count;

        public void Put(int value, int bits)
        {
            for (var i = bits - 1; i >= 0; i--)
            {
                _current = (_current << 1) | ((value >> i) & 1);
                if (++_count == 8)
                {
                    _bytes.Add((byte)_current);
                    if (_current == 0xFF)
                    {
                        _bytes.Add(0);
                    }

                    (_current, _count) = (0, 0);
                }
            }
        }

        public byte[] Flush()
        {
            if (_count > 0)
            {
                Put((1 << (8 - _count)) - 1, 8 - _count);
            }

            return [.. _bytes];
        }
    }
}
