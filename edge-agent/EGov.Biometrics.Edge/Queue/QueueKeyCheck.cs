using System.Security.Cryptography;

namespace EGov.Biometrics.Edge.Queue;

/// <summary>
/// A file beside the captures that tells whether a key is the one the queue was written with (an HMAC
/// of a fixed label: it reveals nothing about the key). Without it, a misconfigured key would make every
/// pending capture fail authentication and be dropped as corrupt; with it, opening refuses instead.
/// </summary>
internal static class QueueKeyCheck
{
    public const string FileName = "queue.keycheck";

    private static ReadOnlySpan<byte> Label => "EGov.Biometrics.Edge disk capture queue, key check v1"u8;

    /// <exception cref="CryptographicException">The directory's queue was written with another key.</exception>
    public static void Verify(string directory, ReadOnlySpan<byte> key)
    {
        var path = Path.Combine(directory, FileName);
        var expected = HMACSHA256.HashData(key, Label);
        if (File.Exists(path))
        {
            if (!CryptographicOperations.FixedTimeEquals(File.ReadAllBytes(path), expected))
            {
                throw new CryptographicException(
                    $"The capture queue in {directory} was written with another key; refusing to open it (nothing was deleted).");
            }

            return;
        }

        DurableFile.Write(path, expected);
    }
}
