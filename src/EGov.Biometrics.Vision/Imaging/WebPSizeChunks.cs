using MetadataExtractor.Formats.Riff;
using MetadataExtractor.Formats.WebP;

namespace EGov.Biometrics.Vision.Imaging;

/// <summary>
/// MetadataExtractor's WebP reader limited to the chunks that carry the image size (VP8X, VP8, VP8L). The others are
/// skipped unread: its EXIF chunk is a TIFF structure that the reader walks recursively (a chain of 30,000 IFDs in
/// 540 KB overflowed the stack and killed the server), and XMP and ICC profiles say nothing about the size.
/// </summary>
internal sealed class WebPSizeChunks(List<MetadataExtractor.Directory> directories) : IRiffHandler
{
    private static readonly HashSet<string> SizeChunks = new(StringComparer.Ordinal) { "VP8X", "VP8 ", "VP8L" };

    private readonly WebPRiffHandler _reader = new(directories);

    public bool ShouldAcceptRiffIdentifier(string identifier) => _reader.ShouldAcceptRiffIdentifier(identifier);

    public bool ShouldAcceptChunk(string fourCc) => SizeChunks.Contains(fourCc) && _reader.ShouldAcceptChunk(fourCc);

    public bool ShouldAcceptList(string fourCc) => false;

    public void ProcessChunk(string fourCc, byte[] payload) => _reader.ProcessChunk(fourCc, payload);
}
