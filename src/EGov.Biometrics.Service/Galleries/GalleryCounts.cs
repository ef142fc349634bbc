namespace EGov.Biometrics.Service.Galleries;

/// <summary>One model's gallery in numbers: its dimension, templates, subjects and index memory.</summary>
public sealed record GalleryCounts(string ModelId, int Dimension, long Templates, long Subjects, long MemoryBytes);
