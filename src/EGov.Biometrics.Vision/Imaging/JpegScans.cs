namespace EGov.Biometrics.Vision.Imaging;

/// <summary>
/// Counts a JPEG's scans (start-of-scan segments) before libjpeg reads them. A progressive JPEG refines its coefficients
/// over several scans, and libjpeg passes over every block of the image for each one, however few bytes it holds: an
/// 8-megapixel JPEG of 2.2 MB carrying 100,000 empty refinement scans took the server 78 s of CPU. libjpeg's own
/// progressions write 6 (grey) to 10 (colour) scans; <see cref="MaxScans"/> leaves room for any encoder's script.
/// </summary>
internal static class JpegScans
{
    public const int MaxScans = 100;

    private const byte StartOfScan = 0xDA;
    private const byte EndOfImage = 0xD9;

    public static void Check(byte[] data)
    {
        var scans = 0;
        for (var i = 2; i + 4 <= data.Length;)
        {
            // libjpeg skips bytes that are not a marker (with a warning) and goes on to the next one, and so does the count;
            // markers without a length (restarts, SOI, TEM) are two bytes.
            var marker = data[i + 1];
            if (data[i] != 0xFF || marker is 0x00 or 0xFF)
            {
                i = NextMarker(data, i + 1);
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD8))
            {
                i += 2;
                continue;
            }

            if (marker == EndOfImage)
            {
                return;
            }

            i += 2 + ((data[i + 2] << 8) | data[i + 3]);
            if (marker != StartOfScan)
            {
                continue;
            }

            if (++scans > MaxScans)
            {
                throw new InvalidImageException(ImageError.Corrupt, $"The Jpeg has more than {MaxScans} scans; a photo has at most a few dozen.");
            }

            i = NextMarker(data, i);
        }
    }

    // The next marker from a position: the first 0xFF that is neither a stuffed 0x00, a fill byte nor a restart marker
    // (the end of a scan's entropy-coded data, or of stray bytes).
    private static int NextMarker(byte[] data, int from)
    {
        for (var i = Array.IndexOf(data, (byte)0xFF, Math.Min(from, data.Length)); i >= 0 && i + 1 < data.Length; i = Array.IndexOf(data, (byte)0xFF, i + 1))
        {
            var next = data[i + 1];
            if (next is not (0x00 or 0xFF) && next is not (>= 0xD0 and <= 0xD7))
            {
                return i;
            }
        }

        return data.Length;
    }
}
