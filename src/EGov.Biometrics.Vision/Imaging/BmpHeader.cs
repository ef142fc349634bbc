using System.Buffers.Binary;

namespace EGov.Biometrics.Vision.Imaging;

/// <summary>
/// Checks a BMP's own header fields before anything reads a size from it: a height of -2^31 has no absolute
/// value, and odd plane counts, bit depths, compressions or pixel offsets reach decoder paths nobody tests.
/// Each refusal names the field, so a caller can tell a damaged file from a hostile one.
/// </summary>
internal static class BmpHeader
{
    private const int FileHeaderBytes = 14;

    // BITMAPCOREHEADER is 12 bytes, BITMAPINFOHEADER 40, up to BITMAPV5HEADER's 124.
    private static readonly int[] InfoHeaderSizes = [12, 40, 52, 56, 64, 108, 124];
    private static readonly int[] BitDepths = [1, 4, 8, 16, 24, 32];

    // BI_RGB, BI_RLE8, BI_RLE4, BI_BITFIELDS, BI_ALPHABITFIELDS: what OpenCV's BMP decoder implements.
    private static readonly uint[] Compressions = [0, 1, 2, 3, 6];

    public static void Check(byte[] data)
    {
        var bytes = data.AsSpan();
        if (bytes.Length < FileHeaderBytes + 12)
        {
            throw Refused($"the file is {bytes.Length} bytes, shorter than its headers");
        }

        var infoSize = BinaryPrimitives.ReadInt32LittleEndian(bytes[14..]);
        if (Array.IndexOf(InfoHeaderSizes, infoSize) < 0 || bytes.Length < FileHeaderBytes + infoSize)
        {
            throw Refused($"its info header size {infoSize} is not a BMP header this server reads");
        }

        var pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(bytes[10..]);
        if (pixelOffset < FileHeaderBytes + infoSize || pixelOffset >= bytes.Length)
        {
            throw Refused($"its pixel data offset {pixelOffset} lies outside the file's {bytes.Length} bytes");
        }

        var core = infoSize == 12;
        long width = core ? BinaryPrimitives.ReadInt16LittleEndian(bytes[18..]) : BinaryPrimitives.ReadInt32LittleEndian(bytes[18..]);
        long height = core ? BinaryPrimitives.ReadInt16LittleEndian(bytes[20..]) : BinaryPrimitives.ReadInt32LittleEndian(bytes[22..]);
        var planes = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(core ? 22 : 26)..]);
        var bits = BinaryPrimitives.ReadUInt16LittleEndian(bytes[(core ? 24 : 28)..]);
        if (width <= 0)
        {
            throw Refused($"its width is {width}");
        }

        if (height is 0 or int.MinValue)
        {
            throw Refused($"its height is {height}");
        }

        if (planes != 1)
        {
            throw Refused($"it has {planes} colour planes (a BMP has 1)");
        }

        if (Array.IndexOf(BitDepths, (int)bits) < 0)
        {
            throw Refused($"its bit depth {bits} is not 1, 4, 8, 16, 24 or 32");
        }

        if (!core)
        {
            var compression = BinaryPrimitives.ReadUInt32LittleEndian(bytes[30..]);
            if (Array.IndexOf(Compressions, compression) < 0)
            {
                throw Refused($"its compression {compression} is not one this server decodes");
            }
        }
    }

    private static InvalidImageException Refused(string problem) => new(ImageError.Corrupt, $"The BMP header is invalid: {problem}.");
}
