using System.Numerics;
using EGov.Biometrics.Vision.Imaging;

namespace EGov.Biometrics.Edge.Queue;

/// <summary>
/// A capture as bytes for the disk queue: a version byte, then fixed little-endian fields and
/// length-prefixed lists (the PNG last). Version 2 adds the liveness frames before the PNG; version 1
/// (queued by an older agent) still reads, without them. A reader refuses versions it does not know.
/// </summary>
public static class CaptureSerializer
{
    public const byte Version = 2;

    private const byte VersionWithoutFrames = 1;

    private const int MaxLivenessFrames = 16;

    // A 112x112 PNG is ~30 KB; anything near this is not a capture.
    private const int MaxPngBytes = 16 * 1024 * 1024;

    public static byte[] Serialize(FaceCapture capture)
    {
        ArgumentNullException.ThrowIfNull(capture);
        using var stream = new MemoryStream(capture.AlignedPng.Length + capture.LivenessFrames.Sum(f => f.Length + 4) + 700);
        using (var writer = new BinaryWriter(stream))
        {
            writer.Write(Version);
            writer.Write(capture.IdempotencyKey.ToByteArray());
            writer.Write(capture.TrackId);
            writer.Write(capture.FrameIndex);
            writer.Write(capture.CapturedAt.UtcTicks);
            writer.Write(capture.Box.X);
            writer.Write(capture.Box.Y);
            writer.Write(capture.Box.Width);
            writer.Write(capture.Box.Height);
            writer.Write(capture.DetectionScore);
            writer.Write(capture.Quality);
            writer.Write(capture.Liveness.HasValue);
            writer.Write(capture.Liveness ?? 0);
            WritePoints(writer, capture.Landmarks5);
            WritePoints(writer, capture.Landmarks68);
            writer.Write(checked((ushort)capture.LivenessFrames.Count));
            foreach (var frame in capture.LivenessFrames)
            {
                writer.Write(frame.Length);
                writer.Write(frame);
            }

            writer.Write(capture.AlignedPng.Length);
            writer.Write(capture.AlignedPng);
        }

        return stream.ToArray();
    }

    /// <exception cref="InvalidDataException">Unknown version, or the bytes do not hold a whole capture.</exception>
    public static FaceCapture Deserialize(ReadOnlySpan<byte> data)
    {
        using var stream = new MemoryStream(data.ToArray(), writable: false);
        using var reader = new BinaryReader(stream);
        try
        {
            var version = reader.ReadByte();
            if (version is not (Version or VersionWithoutFrames))
            {
                throw new InvalidDataException($"Capture format version {version} is not supported (this build reads {Version}).");
            }

            var key = new Guid(reader.ReadBytes(16));
            var trackId = reader.ReadInt64();
            var frameIndex = reader.ReadInt64();
            var capturedAt = new DateTimeOffset(reader.ReadInt64(), TimeSpan.Zero);
            var box = new FaceBox(reader.ReadSingle(), reader.ReadSingle(), reader.ReadSingle(), reader.ReadSingle());
            var detectionScore = reader.ReadSingle();
            var quality = reader.ReadSingle();
            var hasLiveness = reader.ReadBoolean();
            var liveness = reader.ReadSingle();
            var points5 = ReadPoints(reader);
            var points68 = ReadPoints(reader);
            var frames = version == VersionWithoutFrames ? [] : ReadFrames(reader);
            var pngLength = reader.ReadInt32();
            if (pngLength < 0 || pngLength > MaxPngBytes || pngLength != stream.Length - stream.Position)
            {
                throw new InvalidDataException($"The capture's image length {pngLength} does not match the {stream.Length - stream.Position} bytes left.");
            }

            var png = reader.ReadBytes(pngLength);
            return new FaceCapture(key, trackId, frameIndex, capturedAt, png, box, detectionScore, points5, points68, quality, hasLiveness ? liveness : null)
            {
                LivenessFrames = frames,
            };
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException)
        {
            throw new InvalidDataException("The capture data is truncated or malformed.", e);
        }
    }

    private static void WritePoints(BinaryWriter writer, IReadOnlyList<Vector2> points)
    {
        writer.Write(checked((ushort)points.Count));
        foreach (var p in points)
        {
            writer.Write(p.X);
            writer.Write(p.Y);
        }
    }

    private static byte[][] ReadFrames(BinaryReader reader)
    {
        var frames = new byte[reader.ReadUInt16()][];
        if (frames.Length > MaxLivenessFrames)
        {
            throw new InvalidDataException($"A capture holds at most {MaxLivenessFrames} liveness frames, this one claims {frames.Length}.");
        }

        for (var i = 0; i < frames.Length; i++)
        {
            var length = reader.ReadInt32();
            if (length < 0 || length > MaxPngBytes)
            {
                throw new InvalidDataException($"Liveness frame {i + 1} claims {length} bytes.");
            }

            frames[i] = reader.ReadBytes(length);
        }

        return frames;
    }

    private static Vector2[] ReadPoints(BinaryReader reader)
    {
        var points = new Vector2[reader.ReadUInt16()];
        for (var i = 0; i < points.Length; i++)
        {
            points[i] = new Vector2(reader.ReadSingle(), reader.ReadSingle());
        }

        return points;
    }
}
