namespace EGov.Biometrics.Vision.Models;

public sealed record ModelPackage(string Name, string Version, string Integrity, string License);
