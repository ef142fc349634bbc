using System.Buffers.Binary;

namespace EGov.Biometrics.Vision.Imaging;

/// <summary>
/// Reads the page sizes of a TIFF from its image file directories (IFDs), walking the page chain in a loop, and refuses
/// what libtiff would read otherwise or what costs the decoder far more than the image. A general metadata reader is no
/// guard here: MetadataExtractor recursed once per chained IFD (20,000 tiny pages overflowed the stack and killed the
/// server), kept the last of a repeated tag where libtiff keeps the first, and skipped a size stored as a type it did not
/// know while libtiff read it, so a 6000x6000 page passed a 16-megapixel check as 64x64. Only headers are read here; the
/// codec is OpenCV's libtiff.
/// </summary>
internal static class TiffHeader
{
    // A registry scan has a page or a few (a card's two sides, a photo); each page is read and measured.
    private const int MaxPages = 64;

    private const ushort ImageWidth = 256;
    private const ushort ImageLength = 257;
    private const ushort TileWidth = 322;
    private const ushort TileLength = 323;
    private const ushort Short = 3;
    private const ushort Long = 4;
    private const int HeaderBytes = 8;
    private const int EntryBytes = 12;

    /// <summary>The largest page's size, after checking every page's structure and tiles.</summary>
    public static (int Width, int Height) ReadSize(byte[] data, long maxPixels)
    {
        var bytes = data.AsSpan();
        if (bytes.Length < HeaderBytes)
        {
            throw Refused($"the file is {bytes.Length} bytes, shorter than its header");
        }

        var little = bytes[0] == (byte)'I';
        var magic = U16(bytes, 2, little);
        if (magic == 43)
        {
            throw Refused("it is a BigTIFF (a photo fits a classic TIFF)");
        }

        if (magic != 42)
        {
            throw Refused($"its version is {magic}, not 42");
        }

        (int Width, int Height) largest = default;
        var visited = new HashSet<long>();
        var offset = (long)U32(bytes, 4, little);
        for (var page = 1; offset != 0; page++)
        {
            if (page > MaxPages)
            {
                throw Refused($"it has more than {MaxPages} pages");
            }

            if (!visited.Add(offset))
            {
                throw Refused($"page {page} points back to an earlier page");
            }

            var (size, next) = ReadPage(bytes, offset, page, little, maxPixels);
            if ((long)size.Width * size.Height > (long)largest.Width * largest.Height)
            {
                largest = size;
            }

            offset = next;
        }

        return largest;
    }

    // One IFD: a 2-byte entry count, 12-byte entries (tag, type, count, value or offset), the next IFD's offset.
    private static ((int Width, int Height) Size, long Next) ReadPage(ReadOnlySpan<byte> bytes, long offset, int page, bool little, long maxPixels)
    {
        if (offset > bytes.Length - 2)
        {
            throw Refused($"page {page} starts at {offset}, outside the file's {bytes.Length} bytes");
        }

        var entries = U16(bytes, (int)offset, little);
        var end = offset + 2 + ((long)entries * EntryBytes) + 4;
        if (entries == 0 || end > bytes.Length)
        {
            throw Refused($"page {page} declares {entries} entries, which its file does not hold");
        }

        uint? width = null, height = null, tileWidth = null, tileHeight = null;
        var tags = new HashSet<ushort>();
        for (var i = 0; i < entries; i++)
        {
            var entry = bytes.Slice((int)offset + 2 + (i * EntryBytes), EntryBytes);
            var tag = U16(entry, 0, little);

            // A tag given twice is read as its first value by libtiff and as its last by other readers. (Entries out of
            // order, which TIFF 6.0 forbids but scanners write, libtiff sorts and reads.)
            if (!tags.Add(tag))
            {
                throw Refused($"page {page} gives tag {tag} twice");
            }

            switch (tag)
            {
                case ImageWidth:
                    width = Dimension(entry, tag, page, little);
                    break;
                case ImageLength:
                    height = Dimension(entry, tag, page, little);
                    break;
                case TileWidth:
                    tileWidth = Dimension(entry, tag, page, little);
                    break;
                case TileLength:
                    tileHeight = Dimension(entry, tag, page, little);
                    break;
            }
        }

        if (width is not { } w || height is not { } h || w == 0 || h == 0 || w > int.MaxValue || h > int.MaxValue)
        {
            throw Refused($"page {page} holds no valid image size");
        }

        // OpenCV decodes a tiled page through a buffer of one whole tile, whatever the image's size: a 64x64 image in
        // one 16384x16368 tile made it allocate and clear 1 GiB. A tile may hold no more pixels than an image may.
        if (tileWidth is { } tw && tileHeight is { } th && (long)tw * th > maxPixels)
        {
            throw new InvalidImageException(
                ImageError.TooManyPixels, $"The Tiff page {page} is cut into {tw}x{th} tiles ({(long)tw * th} pixels each); at most {maxPixels} are accepted.");
        }

        return (((int)w, (int)h), U32(bytes, (int)(end - 4), little));
    }

    // A size is a SHORT or a LONG, one value, kept in the entry itself (TIFF 6.0); another type or count is what lets
    // readers disagree.
    private static uint Dimension(ReadOnlySpan<byte> entry, ushort tag, int page, bool little)
    {
        var type = U16(entry, 2, little);
        if (U32(entry, 4, little) != 1 || type is not (Short or Long))
        {
            throw Refused($"page {page} stores tag {tag} as {U32(entry, 4, little)} value(s) of type {type}, not one SHORT or LONG");
        }

        return type == Short ? U16(entry, 8, little) : U32(entry, 8, little);
    }

    private static ushort U16(ReadOnlySpan<byte> bytes, int offset, bool little) =>
        little ? BinaryPrimitives.ReadUInt16LittleEndian(bytes[offset..]) : BinaryPrimitives.ReadUInt16BigEndian(bytes[offset..]);

    private static uint U32(ReadOnlySpan<byte> bytes, int offset, bool little) =>
        little ? BinaryPrimitives.ReadUInt32LittleEndian(bytes[offset..]) : BinaryPrimitives.ReadUInt32BigEndian(bytes[offset..]);

    private static InvalidImageException Refused(string why) => new(ImageError.Corrupt, $"The Tiff header is invalid: {why}.");
}
