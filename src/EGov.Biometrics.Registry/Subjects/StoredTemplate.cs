namespace EGov.Biometrics.Registry.Subjects;

/// <summary>A stored template, decrypted.</summary>
public sealed record StoredTemplate(long Id, string Pinfl, string ModelId, float[] Vector, float? Quality, DateTimeOffset CreatedAt);
