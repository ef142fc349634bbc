using System.Buffers.Binary;
using EGov.Biometrics.Vision.Imaging;

namespace EGov.Biometrics.Vision.Tests;

/// <summary>
/// JPEG 2000 codestreams of a few dozen bytes that made OpenJPEG allocate far more than their image (issue 13's attack
/// pass, measured on the server: 62,500 tiles 950 MiB, 4x4 code-blocks 1.4 GiB, 2x2 precincts 1.6 KiB per pixel, a palette
/// of 255 columns 786 MiB per megapixel) are refused from their headers, and codestreams within the bounds still decode.
/// The codestreams are written here: SIZ, one coding style, no quantization, each tile a run of empty packets.
/// </summary>
public sealed class Jpeg2000CostTests
{
    [Fact]
    public void A_codestream_within_the_bounds_decodes()
    {
        // 1,024 tiles, 16x16 code-blocks, 32x32 precincts: the most the header check lets through.
        using var tiles = ImageDecoder.Decode(Codestream(256, 256, tile: 8));
        using var blocks = ImageDecoder.Decode(Codestream(256, 256, levels: 3, codeBlock: 2, precincts: [0x55, 0x55, 0x55, 0x55]));

        Assert.Equal((256, 256), (tiles.Width, tiles.Height));
        Assert.Equal((256, 256), (blocks.Width, blocks.Height));
    }

    [Fact]
    public void A_codestream_cut_into_thousands_of_tiles_is_refused() =>
        DecoderAssert.RefusedQuickly(Codestream(512, 512, tile: 8, tilesWritten: 1), ImageError.Corrupt, "4096 tiles of 8x8");

    [Fact]
    public void Code_blocks_of_4x4_pixels_are_refused() =>
        DecoderAssert.RefusedQuickly(Codestream(256, 256, levels: 3, codeBlock: 0), ImageError.Corrupt, "code-blocks at resolution 0 hold 2^4 pixels");

    [Fact]
    public void Precincts_of_2x2_pixels_are_refused_since_they_make_every_code_block_one_pixel() =>
        DecoderAssert.RefusedQuickly(Codestream(256, 256, levels: 3, precincts: [0x55, 0x11, 0x11, 0x11]), ImageError.Corrupt, "code-blocks at resolution 1 hold 2^0 pixels");

    [Fact]
    public void Tiny_code_blocks_declared_in_a_tile_part_header_are_refused()
    {
        // The main header's coding style is fine; the tile's own overrides it.
        var tileStyle = CodingStyle(levels: 3, codeBlock: 0, precincts: null);

        DecoderAssert.RefusedQuickly(Codestream(256, 256, levels: 3, tileHeader: tileStyle), ImageError.Corrupt, "code-blocks");
    }

    [Fact]
    public void A_jp2_whose_palette_maps_one_component_to_255_is_refused()
    {
        const int columns = 255;
        byte[] pclr = [0, 2, columns, .. Enumerable.Repeat((byte)7, columns), .. new byte[2 * columns]];
        byte[] cmap = [.. Enumerable.Range(0, columns).SelectMany(i => new byte[] { 0, 0, 1, (byte)i })];
        var jp2 = Jp2(Codestream(256, 256, components: 1), 256, 256, Box("pclr", pclr), Box("cmap", cmap));

        DecoderAssert.RefusedQuickly(jp2, ImageError.Corrupt, "palette maps to 255 components");
    }

    [Fact]
    public void A_jp2_with_a_palette_of_three_colours_decodes()
    {
        byte[] pclr = [0, 2, 3, 7, 7, 7, 0, 0, 0, 255, 255, 255];
        byte[] cmap = [0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 1, 2];

        using var image = ImageDecoder.Decode(Jp2(Codestream(64, 64, components: 1), 64, 64, Box("pclr", pclr), Box("cmap", cmap)));

        Assert.Equal((64, 64), (image.Width, image.Height));
    }

    // SOC, SIZ (8-bit components), COD, QCD (no quantization), then tiles whose packets are all empty, EOC.
    private static byte[] Codestream(
        uint width, uint height, uint? tile = null, int components = 3, int levels = 0, int codeBlock = 4, byte[]? precincts = null, int? tilesWritten = null, byte[]? tileHeader = null)
    {
        var side = tile ?? Math.Max(width, height);
        var tiles = (int)(((width + side - 1) / side) * ((height + side - 1) / side));
        var siz = new byte[36 + (3 * components)];
        BinaryPrimitives.WriteUInt32BigEndian(siz.AsSpan(2), width);
        BinaryPrimitives.WriteUInt32BigEndian(siz.AsSpan(6), height);
        BinaryPrimitives.WriteUInt32BigEndian(siz.AsSpan(18), side);
        BinaryPrimitives.WriteUInt32BigEndian(siz.AsSpan(22), side);
        BinaryPrimitives.WriteUInt16BigEndian(siz.AsSpan(34), (ushort)components);
        for (var c = 0; c < components; c++)
        {
            siz[36 + (3 * c)] = 7;
            siz[37 + (3 * c)] = 1;
            siz[38 + (3 * c)] = 1;
        }

        var stream = new List<byte> { 0xFF, 0x4F };
        stream.AddRange(Segment(0xFF51, siz));
        stream.AddRange(CodingStyle(levels, codeBlock, precincts));
        stream.AddRange(Segment(0xFF5C, [0x40, .. Enumerable.Repeat((byte)(8 << 3), 1 + (3 * levels))]));
        for (var t = 0; t < (tilesWritten ?? tiles); t++)
        {
            var header = tileHeader ?? [];
            var packets = Packets(side, levels, precincts) * components;
            var sot = new byte[8];
            BinaryPrimitives.WriteUInt16BigEndian(sot, (ushort)t);
            BinaryPrimitives.WriteUInt32BigEndian(sot.AsSpan(2), (uint)(12 + header.Length + 2 + packets));
            sot[7] = 1;
            stream.AddRange(Segment(0xFF90, sot));
            stream.AddRange(header);
            stream.AddRange([0xFF, 0x93]);
            stream.AddRange(new byte[packets]);
        }

        stream.AddRange([0xFF, 0xD9]);
        return [.. stream];
    }

    // One packet per precinct of each resolution (of one component), an empty packet being one zero byte.
    private static int Packets(uint side, int levels, byte[]? precincts) => Enumerable.Range(0, levels + 1).Sum(r =>
    {
        var size = (side + (1u << (levels - r)) - 1) >> (levels - r);
        var exponent = precincts is null ? 15 : precincts[r] & 0x0F;
        var across = (size + (1u << exponent) - 1) >> exponent;
        return (int)(across * across);
    });

    // COD: Scod (precincts given or not), LRCP, one layer, no MCT; levels, code-block exponents - 2, no style, 5/3 reversible.
    private static byte[] CodingStyle(int levels, int codeBlock, byte[]? precincts) =>
        Segment(0xFF52, [(byte)(precincts is null ? 0 : 1), 0, 0, 1, 0, (byte)levels, (byte)codeBlock, (byte)codeBlock, 0, 1, .. precincts ?? []]);

    private static byte[] Segment(ushort marker, byte[] content) =>
        [(byte)(marker >> 8), (byte)marker, (byte)((content.Length + 2) >> 8), (byte)(content.Length + 2), .. content];

    private static byte[] Jp2(byte[] codestream, uint width, uint height, params byte[][] headerBoxes)
    {
        var ihdr = new byte[14];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, height);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr.AsSpan(4), width);
        BinaryPrimitives.WriteUInt16BigEndian(ihdr.AsSpan(8), 1);
        ihdr[10] = 7;
        ihdr[11] = 7;
        byte[] srgb = [1, 0, 0, 0, 0, 0, 16];
        return
        [
            .. Box("jP  ", [0x0D, 0x0A, 0x87, 0x0A]), .. Box("ftyp", [.. "jp2 "u8, 0, 0, 0, 0, .. "jp2 "u8]),
            .. Box("jp2h", [.. Box("ihdr", ihdr), .. Box("colr", srgb), .. headerBoxes.SelectMany(b => b)]), .. Box("jp2c", codestream),
        ];
    }

    private static byte[] Box(string type, byte[] content)
    {
        var box = new byte[8 + content.Length];
        BinaryPrimitives.WriteUInt32BigEndian(box, (uint)box.Length);
        System.Text.Encoding.ASCII.GetBytes(type, box.AsSpan(4));
        content.CopyTo(box, 8);
        return box;
    }
}
