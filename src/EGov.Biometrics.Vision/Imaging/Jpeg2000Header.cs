using System.Buffers.Binary;

namespace EGov.Biometrics.Vision.Imaging;

/// <summary>
/// Reads the image size of a JPEG 2000 file (a JP2 box file or a bare J2K codestream) from its headers, so the
/// pixel limit is checked before OpenJPEG allocates anything. OpenJPEG sizes its buffers from the codestream's
/// SIZ marker, not from the JP2 'ihdr' box, so a JP2 is measured by both and the larger wins: a small 'ihdr' in
/// front of a huge codestream is refused. OpenJPEG also allocates per tile, per code-block and per palette column,
/// whatever the image's size: a 90-byte codestream of 16 megapixels in 62,500 tiles took 950 MiB, one in 2x2 precincts
/// (1x1 code-blocks) about 1.6 KiB per pixel (26 GiB at the pixel limit), a 2 KB JP2 whose palette maps one component to
/// 255 took 786 MiB for 1 megapixel. So the tiles, every coding style's code-blocks (main and tile-part headers) and the
/// palette are bounded too. Only headers are read here; the codec is OpenCV's OpenJPEG.
/// </summary>
internal static class Jpeg2000Header
{
    private const ushort StartOfCodestream = 0xFF4F;
    private const ushort ImageAndTileSize = 0xFF51;
    private const ushort CodingStyleDefault = 0xFF52;
    private const ushort CodingStyleComponent = 0xFF53;
    private const ushort StartOfTile = 0xFF90;
    private const ushort StartOfData = 0xFF93;
    private const ushort EndOfCodestream = 0xFFD9;

    // OpenJPEG allocates an int32 plane per component; a face photo has 1 (grey), 3 (colour) or 4 (with alpha).
    private const int MaxComponents = 4;

    // About 15 KiB of OpenJPEG's bookkeeping per tile: 1,024 tiles (125x125 pixels each at 16 megapixels) cost 15 MiB.
    private const int MaxTiles = 1024;

    // Code-blocks of at least 16x16 pixels (encoders use 32x32 or 64x64) keep OpenJPEG's per-block state near the image's own size.
    private const int MinCodeBlockExponent = 8;

    private static readonly byte[] Jp2Signature = [0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, 0x87, 0x0A];

    public static bool IsJpeg2000(ReadOnlySpan<byte> data) =>
        data.StartsWith(Jp2Signature) || (data.Length >= 4 && BinaryPrimitives.ReadUInt16BigEndian(data) == StartOfCodestream
            && BinaryPrimitives.ReadUInt16BigEndian(data[2..]) == ImageAndTileSize);

    /// <summary>The size the decoder will allocate, after checking the codestream is present and complete.</summary>
    public static (int Width, int Height) ReadSize(byte[] data)
    {
        var bytes = data.AsSpan();
        if (!bytes.StartsWith(Jp2Signature))
        {
            return ReadCodestream(bytes);
        }

        (int Width, int Height)? declared = null;
        (int Width, int Height)? coded = null;
        var offset = 0;
        while (offset + 8 <= bytes.Length)
        {
            var type = ReadBox(bytes, offset, out var content, out var next);
            if (type == "jp2h")
            {
                declared = ReadImageHeaderBox(content);
            }
            else if (type == "jp2c")
            {
                coded = ReadCodestream(content);
                break;
            }

            offset = next;
        }

        if (coded is not { } size)
        {
            throw Refused("it holds no codestream ('jp2c' box)");
        }

        if (declared is { } d && (long)d.Width * d.Height > (long)size.Width * size.Height)
        {
            size = d;
        }

        return size;
    }

    private static string ReadBox(ReadOnlySpan<byte> bytes, int offset, out ReadOnlySpan<byte> content, out int next)
    {
        var length = (long)BinaryPrimitives.ReadUInt32BigEndian(bytes[offset..]);
        var type = System.Text.Encoding.ASCII.GetString(bytes.Slice(offset + 4, 4));
        var header = 8;
        if (length == 1)
        {
            // A 64-bit length follows the type.
            if (offset + 16 > bytes.Length)
            {
                throw Refused($"its '{type}' box is cut off");
            }

            length = BinaryPrimitives.ReadInt64BigEndian(bytes[(offset + 8)..]);
            header = 16;
        }
        else if (length == 0)
        {
            length = bytes.Length - offset; // the last box runs to the end of the file
        }

        if (length < header || length > bytes.Length - offset)
        {
            throw Refused($"its '{type}' box declares {length} bytes where {bytes.Length - offset} remain");
        }

        content = bytes.Slice(offset + header, (int)length - header);
        next = offset + (int)length;
        return type;
    }

    // The 'jp2h' superbox starts with 'ihdr': HEIGHT (4), WIDTH (4), NC (2), BPC, C, UnkC, IPR.
    private static (int Width, int Height)? ReadImageHeaderBox(ReadOnlySpan<byte> superbox)
    {
        if (superbox.Length < 8 + 14)
        {
            return null;
        }

        var type = ReadBox(superbox, 0, out var content, out _);
        if (type != "ihdr" || content.Length < 14)
        {
            throw Refused("its 'jp2h' box does not start with an 'ihdr' box");
        }

        var height = BinaryPrimitives.ReadUInt32BigEndian(content);
        var width = BinaryPrimitives.ReadUInt32BigEndian(content[4..]);
        var components = BinaryPrimitives.ReadUInt16BigEndian(content[8..]);
        CheckComponents(components);
        return (ToSide(width, "width"), ToSide(height, "height"));
    }

    /// <summary>
    /// After <see cref="ReadSize"/> and the pixel limit: refuses tiles, code-blocks or a palette that would cost OpenJPEG
    /// far more than the image's pixels.
    /// </summary>
    public static void CheckCost(byte[] data)
    {
        var bytes = data.AsSpan();
        if (!bytes.StartsWith(Jp2Signature))
        {
            CheckCodestreamCost(bytes);
            return;
        }

        for (var offset = 0; offset + 8 <= bytes.Length;)
        {
            var type = ReadBox(bytes, offset, out var content, out offset);
            if (type == "jp2h")
            {
                CheckPalette(content);
            }
            else if (type == "jp2c")
            {
                CheckCodestreamCost(content);
                return;
            }
        }
    }

    private static void CheckCodestreamCost(ReadOnlySpan<byte> stream)
    {
        var siz = stream[4..];
        CheckTiles(Field(siz, 0), Field(siz, 1), Field(siz, 4), Field(siz, 5), Field(siz, 6), Field(siz, 7));
        CheckCodingStyles(stream, 4 + BinaryPrimitives.ReadUInt16BigEndian(siz));
    }

    // A palette ('pclr': entries (2), columns (1), ...) makes OpenJPEG build one full-size component per column.
    private static void CheckPalette(ReadOnlySpan<byte> superbox)
    {
        for (var offset = 0; offset + 8 <= superbox.Length;)
        {
            if (ReadBox(superbox, offset, out var content, out offset) == "pclr" && content.Length >= 3 && content[2] > MaxComponents)
            {
                throw Refused($"its palette maps to {content[2]} components (1 to {MaxComponents} are read)");
            }
        }
    }

    // SOC, then SIZ: Lsiz (2), Rsiz (2), Xsiz, Ysiz, XOsiz, YOsiz, XTsiz, YTsiz, XTOsiz, YTOsiz (4 each), Csiz (2).
    // The image area is (Xsiz - XOsiz) x (Ysiz - YOsiz). A codestream without its end marker is truncated: OpenJPEG
    // would decode the part it has and grey the rest, which must not reach the embedder as a face.
    private static (int Width, int Height) ReadCodestream(ReadOnlySpan<byte> stream)
    {
        const int sizFields = 2 + 2 + 2 + (8 * 4) + 2;
        if (stream.Length < 2 + sizFields || BinaryPrimitives.ReadUInt16BigEndian(stream) != StartOfCodestream
            || BinaryPrimitives.ReadUInt16BigEndian(stream[2..]) != ImageAndTileSize)
        {
            throw Refused("its codestream does not start with the SOC and SIZ markers");
        }

        var siz = stream[4..];
        var (xsiz, ysiz, xosiz, yosiz) = (Field(siz, 0), Field(siz, 1), Field(siz, 2), Field(siz, 3));
        if (xosiz >= xsiz || yosiz >= ysiz)
        {
            throw Refused($"its SIZ marker places the image origin ({xosiz}, {yosiz}) outside its extent {xsiz}x{ysiz}");
        }

        CheckComponents(BinaryPrimitives.ReadUInt16BigEndian(siz[(4 + 32)..]));
        if (BinaryPrimitives.ReadUInt16BigEndian(stream[^2..]) != EndOfCodestream)
        {
            throw new InvalidImageException(ImageError.Truncated, "The Jpeg2000 data is truncated (its end-of-codestream marker is missing).");
        }

        return (ToSide(xsiz - xosiz, "width"), ToSide(ysiz - yosiz, "height"));
    }

    private static void CheckTiles(uint xsiz, uint ysiz, uint xtsiz, uint ytsiz, uint xtosiz, uint ytosiz)
    {
        if (xtsiz == 0 || ytsiz == 0 || xtosiz >= xsiz || ytosiz >= ysiz)
        {
            throw Refused($"its SIZ marker declares {xtsiz}x{ytsiz} tiles from ({xtosiz}, {ytosiz}) over an extent of {xsiz}x{ysiz}");
        }

        var tiles = (((long)xsiz - xtosiz + xtsiz - 1) / xtsiz) * (((long)ysiz - ytosiz + ytsiz - 1) / ytsiz);
        if (tiles > MaxTiles)
        {
            throw Refused($"it is cut into {tiles} tiles of {xtsiz}x{ytsiz} (at most {MaxTiles} are read)");
        }
    }

    // The coding styles (COD, COC) of the main header, after SIZ, and of every tile-part header (SOT ... SOD).
    private static void CheckCodingStyles(ReadOnlySpan<byte> stream, int at)
    {
        at = CheckHeaderSegments(stream, at);
        while (at + 12 <= stream.Length && BinaryPrimitives.ReadUInt16BigEndian(stream[at..]) == StartOfTile)
        {
            // SOT: Lsot (2), Isot (2), Psot (4: from this marker to the end of the tile-part; 0 for the last), TPsot, TNsot.
            var tilePart = BinaryPrimitives.ReadUInt32BigEndian(stream[(at + 6)..]);
            CheckHeaderSegments(stream, at + 2 + BinaryPrimitives.ReadUInt16BigEndian(stream[(at + 2)..]));
            if (tilePart == 0)
            {
                return;
            }

            if (tilePart < 14 || tilePart > stream.Length - at)
            {
                throw Refused($"a tile-part declares {tilePart} bytes where {stream.Length - at} remain");
            }

            at += (int)tilePart;
        }
    }

    // Marker segments (marker, length, content) up to the first SOT (main header) or SOD (tile-part header).
    private static int CheckHeaderSegments(ReadOnlySpan<byte> stream, int at)
    {
        while (at + 4 <= stream.Length)
        {
            var marker = BinaryPrimitives.ReadUInt16BigEndian(stream[at..]);
            if (marker is StartOfTile or StartOfData or EndOfCodestream)
            {
                return at;
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(stream[(at + 2)..]);
            if (length < 2 || at + 2 + length > stream.Length)
            {
                throw Refused($"its marker segment 0x{marker:X4} declares {length} bytes where {stream.Length - at - 2} remain");
            }

            var content = stream.Slice(at + 4, length - 2);
            if (marker == CodingStyleDefault && content.Length >= 10)
            {
                // Scod, progression, layers (2), MCT, then SPcod: levels, code-block width and height, style, transform, precincts.
                CheckCodeBlocks(content[5..], (content[0] & 1) != 0);
            }
            else if (marker == CodingStyleComponent && content.Length >= 7)
            {
                // Ccoc (one byte: at most 4 components), Scoc, then SPcoc as SPcod.
                CheckCodeBlocks(content[2..], (content[1] & 1) != 0);
            }

            at += 2 + length;
        }

        return at;
    }

    // At resolution r a code-block is the smaller of its declared size and the precinct (halved above resolution 0); one
    // of 1x1 pixels (2x2 precincts) makes OpenJPEG keep a block's state for every pixel.
    private static void CheckCodeBlocks(ReadOnlySpan<byte> style, bool precincts)
    {
        var levels = style[0];
        if (precincts && style.Length < 5 + levels + 1)
        {
            throw Refused($"its coding style lists fewer precinct sizes than its {levels + 1} resolutions");
        }

        for (var r = 0; r <= levels; r++)
        {
            var precinct = precincts ? style[5 + r] : 0xFF;
            var shrink = r == 0 ? 0 : 1;
            var width = Math.Min(style[1] + 2, (precinct & 0x0F) - shrink);
            var height = Math.Min(style[2] + 2, (precinct >> 4) - shrink);
            if (width + height < MinCodeBlockExponent)
            {
                throw Refused($"its code-blocks at resolution {r} hold 2^{width + height} pixels (at least {1 << MinCodeBlockExponent} are read)");
            }
        }
    }

    private static uint Field(ReadOnlySpan<byte> siz, int index) => BinaryPrimitives.ReadUInt32BigEndian(siz[(4 + (index * 4))..]);

    private static void CheckComponents(int components)
    {
        if (components is < 1 or > MaxComponents)
        {
            throw Refused($"it declares {components} components (1 to {MaxComponents} are read)");
        }
    }

    // Sides beyond int range are refused here; sizes within it meet the pixel limit next.
    private static int ToSide(uint value, string name) =>
        value is 0 or > int.MaxValue ? throw Refused($"its {name} {value} is not a valid image side") : (int)value;

    private static InvalidImageException Refused(string why) => new(ImageError.Corrupt, $"The Jpeg2000 header is invalid: {why}.");
}
