using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EGov.Biometrics.Edge.Queue;

/// <summary>
/// The bytes of one queued capture file: a plaintext header (magic, format version, queued-at, idempotency
/// key), then the AES-256-GCM nonce, tag and ciphertext of the serialised capture. The header is the
/// associated data, so its key and time cannot be changed (to extend a capture's life, or to replay it
/// under another key) without failing authentication. The header is readable without the key so that
/// opening the queue, expiry and acknowledgement need no decryption; it reveals when a capture was queued,
/// which the file's own timestamps reveal anyway, and a random UUID.
/// </summary>
internal static class CaptureEnvelope
{
    public const int HeaderLength = 4 + 1 + 8 + 16;
    public const int KeyLength = 32;

    private const byte FormatVersion = 1;
    private const int NonceLength = 12;
    private const int TagLength = 16;

    private static ReadOnlySpan<byte> Magic => "EGCQ"u8;

    public static int SealedLength(int plaintextLength) => HeaderLength + NonceLength + TagLength + plaintextLength;

    public static byte[] Seal(ReadOnlySpan<byte> key, EnvelopeHeader header, ReadOnlySpan<byte> plaintext)
    {
        var sealedBytes = new byte[SealedLength(plaintext.Length)];
        var span = sealedBytes.AsSpan();
        WriteHeader(header, span[..HeaderLength]);
        var nonce = span.Slice(HeaderLength, NonceLength);
        var tag = span.Slice(HeaderLength + NonceLength, TagLength);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagLength);
        aes.Encrypt(nonce, plaintext, span[(HeaderLength + NonceLength + TagLength)..], tag, span[..HeaderLength]);
        return sealedBytes;
    }

    /// <exception cref="InvalidDataException">Not a capture file of a known version.</exception>
    public static EnvelopeHeader ReadHeader(ReadOnlySpan<byte> data)
    {
        if (data.Length < HeaderLength || !data[..4].SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not a queued capture file.");
        }

        if (data[4] != FormatVersion)
        {
            throw new InvalidDataException($"Queued capture format {data[4]} is not supported.");
        }

        var queuedAtMs = BinaryPrimitives.ReadInt64LittleEndian(data[5..]);
        if (queuedAtMs < 0 || queuedAtMs > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            throw new InvalidDataException("The queued capture's time is out of range.");
        }

        return new EnvelopeHeader(new Guid(data.Slice(13, 16)), DateTimeOffset.FromUnixTimeMilliseconds(queuedAtMs));
    }

    /// <summary>The plaintext of a sealed file.</summary>
    /// <exception cref="InvalidDataException">Truncated, tampered, or sealed under another key.</exception>
    public static byte[] Open(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        ReadHeader(data);
        if (data.Length < SealedLength(0))
        {
            throw new InvalidDataException("The queued capture file is truncated.");
        }

        var plaintext = new byte[data.Length - SealedLength(0)];
        using var aes = new AesGcm(key, TagLength);
        try
        {
            aes.Decrypt(
                data.Slice(HeaderLength, NonceLength),
                data[(HeaderLength + NonceLength + TagLength)..],
                data.Slice(HeaderLength + NonceLength, TagLength),
                plaintext,
                data[..HeaderLength]);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new InvalidDataException("The queued capture failed authentication (tampered, truncated, or another key).", e);
        }

        return plaintext;
    }

    private static void WriteHeader(EnvelopeHeader header, Span<byte> destination)
    {
        Magic.CopyTo(destination);
        destination[4] = FormatVersion;
        BinaryPrimitives.WriteInt64LittleEndian(destination[5..], header.QueuedAt.ToUnixTimeMilliseconds());
        header.IdempotencyKey.TryWriteBytes(destination.Slice(13, 16));
    }
}
