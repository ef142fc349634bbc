namespace EGov.Biometrics.Registry.Crypto;

/// <summary>A loaded key ring and the file it lives in (null where it is not the server's to write: the environment, systemd credentials).</summary>
public sealed record KeyRingSource(KeyRing Ring, KeyRingFile? File);
