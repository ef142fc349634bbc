namespace EGov.Biometrics.Matching.Storage;

/// <summary>A 256-bit key from the registry's key ring and its id; each snapshot derives its own file key from it.</summary>
public sealed record SnapshotKey(string Id, byte[] Key)
{
    public byte[] Key { get; } = Key is { Length: 32 } ? Key : throw new ArgumentException("A snapshot key is 256 bits.", nameof(Key));
}
