using System.Buffers.Binary;
using System.IO.Compression;
using EGov.Biometrics.Vision.Imaging;

namespace EGov.Biometrics.Vision.Tests;

/// <summary>
/// Crafted TIFFs that a header check by another reader than libtiff let through (issue 13's attack pass): a chain of
/// pages that overflowed MetadataExtractor's stack and killed the server, sizes that libtiff and MetadataExtractor read
/// differently (a tag given twice, a size of an unusual type) so a 2000x2000 page passed a 1-megapixel check, and a
/// 64x64 image in a tile of gigabytes. Each is refused from its header, quickly, naming the problem.
/// </summary>
public sealed class TiffHeaderTests
{
    private const ushort Short = 3;
    private const ushort Long = 4;
    private const ushort Long8 = 16;

    private static readonly ImageLimits OneMegapixel = ImageLimits.Default with { MaxPixels = 1_000_000 };

    [Fact]
    public void A_tiff_of_20000_chained_pages_is_refused_without_walking_them_recursively()
    {
        var pixels = new byte[64 * 64];
        var tiff = Tiff(pixels, [.. Enumerable.Repeat(GreyPage(64, 64, pixels.Length), 20_000)]);

        DecoderAssert.RefusedQuickly(tiff, ImageError.Corrupt, "more than 64 pages");
    }

    [Fact]
    public void A_tiff_of_a_few_pages_decodes_its_first_and_measures_every_one()
    {
        var pixels = Enumerable.Range(0, 64 * 64).Select(i => (byte)i).ToArray();

        using var image = ImageDecoder.Decode(Tiff(pixels, GreyPage(64, 64, pixels.Length), GreyPage(64, 64, pixels.Length)));
        var oversizedSecondPage = Tiff(pixels, GreyPage(64, 64, pixels.Length), GreyPage(2000, 2000, pixels.Length));

        Assert.Equal((64, 64), (image.Width, image.Height));
        DecoderAssert.RefusedQuickly(oversizedSecondPage, ImageError.TooManyPixels, "2000x2000", OneMegapixel);
    }

    [Fact]
    public void A_size_given_twice_is_refused_since_libtiff_reads_the_first_and_other_readers_the_last()
    {
        // 2000x2000 to libtiff (the first of each pair), 64x64 to a reader that keeps the last.
        var strip = Deflated(2000 * 2000);
        var page = DeflatedPage(strip.Length, (256, Long, 2000), (256, Long, 64), (257, Long, 2000), (257, Long, 64));

        DecoderAssert.RefusedQuickly(Tiff(strip, page), ImageError.Corrupt, "page 1 gives tag 256 twice", OneMegapixel);
    }

    [Fact]
    public void A_page_whose_entries_are_out_of_order_but_each_once_decodes()
    {
        // TIFF 6.0 wants the entries sorted; some scanners do not, and libtiff reads them anyway.
        var pixels = Enumerable.Range(0, 64 * 64).Select(i => (byte)i).ToArray();

        using var image = ImageDecoder.Decode(Tiff(pixels, [.. GreyPage(64, 64, pixels.Length).Reverse()]));

        Assert.Equal((64, 64), (image.Width, image.Height));
    }

    [Fact]
    public void A_size_of_a_type_tiff_6_does_not_use_for_it_is_refused()
    {
        // LONG8 belongs to BigTIFF: libtiff reads it anyway, MetadataExtractor skipped it and measured the 64x64 second page.
        var strip = Deflated(2000 * 2000);
        var tiff = Tiff(strip, DeflatedPage(strip.Length, (256, Long8, 2000), (257, Long8, 2000)), GreyPage(64, 64, strip.Length));

        DecoderAssert.RefusedQuickly(tiff, ImageError.Corrupt, "tag 256 as 1 value(s) of type 16", OneMegapixel);
    }

    [Fact]
    public void A_small_image_in_a_huge_tile_is_refused_from_its_tile_size()
    {
        // OpenCV decodes through a buffer of one whole tile: 2048x2048 RGBA for a 64x64 image.
        var tile = Deflated(2048 * 2048);
        var page = new (ushort, ushort, uint)[]
        {
            (256, Short, 64), (257, Short, 64), (258, Short, 8), (259, Short, 8), (262, Short, 1), (277, Short, 1),
            (322, Long, 2048), (323, Long, 2048), (324, Long, 8), (325, Long, (uint)tile.Length),
        };

        DecoderAssert.RefusedQuickly(Tiff(tile, page), ImageError.TooManyPixels, "2048x2048 tiles", OneMegapixel);
    }

    [Fact]
    public void A_tiff_whose_first_page_follows_its_header_is_a_tiff()
    {
        // Pillow and tifffile write the first IFD at offset 8; MetadataExtractor took that signature for a Sony ARW.
        var pixels = Enumerable.Range(0, 64 * 64).Select(i => (byte)(i / 64)).ToArray();
        var entries = GreyPage(64, 64, pixels.Length);
        var stripOffset = 8 + 2 + (12 * entries.Length) + 4;
        var tiff = Tiff([], entries.Select(e => e.Tag == 273 ? (e.Tag, e.Type, (uint)stripOffset) : e).ToArray());
        Assert.Equal(8u, BinaryPrimitives.ReadUInt32LittleEndian(tiff.AsSpan(4)));

        using var image = ImageDecoder.Decode([.. tiff, .. pixels]);

        Assert.Equal(ImageFormat.Tiff, image.Format);
        Assert.Equal((64, 64), (image.Width, image.Height));
    }

    // A grey page of one uncompressed strip at offset 8 (right after the header, where Tiff puts the strip).
    private static (ushort Tag, ushort Type, uint Value)[] GreyPage(uint width, uint height, int stripBytes) =>
    [
        (256, Long, width), (257, Long, height), (258, Short, 8), (259, Short, 1), (262, Short, 1),
        (273, Long, 8), (277, Short, 1), (278, Long, height), (279, Long, (uint)stripBytes),
    ];

    // A grey page of one deflated strip at offset 8 whose size entries come first, in the order given.
    private static (ushort Tag, ushort Type, uint Value)[] DeflatedPage(int stripBytes, params (ushort Tag, ushort Type, uint Value)[] size) =>
    [
        .. size, (258, Short, 8), (259, Short, 8), (262, Short, 1), (273, Long, 8), (277, Short, 1), (278, Long, 2000), (279, Long, (uint)stripBytes),
    ];

    private static byte[] Deflated(int zeros)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(new byte[zeros]);
        }

        return output.ToArray();
    }

    // A little-endian TIFF: the header, the strip at offset 8, then one IFD per page, chained. Entries hold one value each,
    // inline (SHORT, LONG) or after their IFD (LONG8).
    private static byte[] Tiff(byte[] strip, params (ushort Tag, ushort Type, uint Value)[][] pages)
    {
        var file = new List<byte>("II*\0"u8.ToArray()) { 0, 0, 0, 0 };
        file.AddRange(strip);
        var link = 4;
        foreach (var entries in pages)
        {
            if (file.Count % 2 == 1)
            {
                file.Add(0);
            }

            Write32(file, link, (uint)file.Count);
            var outOfLine = file.Count + 2 + (12 * entries.Length) + 4;
            var values = new List<byte>();
            file.AddRange(BitConverter.GetBytes((ushort)entries.Length));
            foreach (var (tag, type, value) in entries)
            {
                file.AddRange(BitConverter.GetBytes(tag));
                file.AddRange(BitConverter.GetBytes(type));
                file.AddRange(BitConverter.GetBytes(1u));
                if (type == Long8)
                {
                    file.AddRange(BitConverter.GetBytes((uint)(outOfLine + values.Count)));
                    values.AddRange(BitConverter.GetBytes((ulong)value));
                }
                else
                {
                    file.AddRange(type == Short ? [.. BitConverter.GetBytes((ushort)value), 0, 0] : BitConverter.GetBytes(value));
                }
            }

            link = file.Count;
            file.AddRange(BitConverter.GetBytes(0u));
            file.AddRange(values);
        }

        return [.. file];
    }

    private static void Write32(List<byte> file, int at, uint value)
    {
        for (var i = 0; i < 4; i++)
        {
            file[at + i] = (byte)(value >> (8 * i));
        }
    }
}
