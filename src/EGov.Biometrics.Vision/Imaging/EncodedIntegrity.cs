namespace EGov.Biometrics.Vision.Imaging;

/// <summary>
/// Detects truncated files. libjpeg decodes a cut-off JPEG into a partly grey image with only a
/// warning, so a truncated upload would otherwise be embedded as if it were a face.
/// </summary>
internal static class EncodedIntegrity
{
    private static readonly byte[] PngEnd = [0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82];

    public static void EnsureComplete(byte[] data, ImageFormat format)
    {
        var complete = format switch
        {
            ImageFormat.Jpeg => JpegHasEndAfterScan(data),
            ImageFormat.Png => data.AsSpan().IndexOf(PngEnd) >= 0,
            _ => true, // BMP and WebP decoders fail on truncation themselves.
        };

        if (!complete)
        {
            throw new InvalidImageException(ImageError.Truncated, $"The {format} data is truncated (its end marker is missing).");
        }
    }

    // Walks the marker segments to the first start-of-scan, then looks for end-of-image after it.
    // Inside entropy-coded data 0xFF is always followed by 0x00 or a restart marker, so 0xFFD9 there is the real end.
    private static bool JpegHasEndAfterScan(byte[] data)
    {
        var i = 2;
        while (i + 4 <= data.Length)
        {
            if (data[i] != 0xFF)
            {
                return false;
            }

            var marker = data[i + 1];
            if (marker == 0xFF)
            {
                i++;
                continue;
            }

            var length = (data[i + 2] << 8) | data[i + 3];
            if (marker == 0xDA)
            {
                var scan = i + 2 + length;
                return scan < data.Length && data.AsSpan(scan).IndexOf((ReadOnlySpan<byte>)[0xFF, 0xD9]) >= 0;
            }

            i += 2 + length;
        }

        return false;
    }
}
