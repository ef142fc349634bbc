using System.Buffers.Binary;

namespace EGov.Biometrics.Vision.Imaging;

/// <summary>
/// Reads the image size of a JPEG 2000 file (a JP2 box file or a bare J2K codestream) from its headers, so the
/// pixel limit is checked before OpenJPEG allocates anything. OpenJPEG sizes its buffers from the codestream's
/// SIZ marker, not from the JP2 'ihdr' box, so a JP2 is measured by both and the larger wins: a small 'ihdr' in
/// front of a huge codestream is refused. Only headers are read here; the codec is OpenCV's OpenJPEG.
/// </summary>
internal static class Jpeg2000Header
{
    private const ushort StartOfCodestream = 0xFF4F;
    private const ushort ImageAndTileSize = 0xFF51;
    private const ushort EndOfCodestream = 0xFFD9;

    // OpenJPEG allocates an int32 plane per component; a face photo has 1 (grey), 3 (colour) or 4 (with alpha).
    private const int MaxComponents = 4;

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
