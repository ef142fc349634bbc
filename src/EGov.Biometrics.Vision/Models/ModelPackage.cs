namespace EGov.Biometrics.Vision.Models;

/// <summary>An npm package the manifest names, pinned by its tarball's integrity.</summary>
/// <param name="Name">The package name.</param>
/// <param name="Version">The version.</param>
/// <param name="Integrity">npm's integrity string (sha512-BASE64) of the tarball.</param>
/// <param name="License">The licence.</param>
public sealed record ModelPackage(string Name, string Version, string Integrity, string License);
