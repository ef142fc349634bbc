namespace EGov.Biometrics.Matching.Storage;

/// <summary>Row <paramref name="index"/> of a snapshot being written: its ids, and its unit vector written into <paramref name="vector"/>.</summary>
public delegate void GalleryRowSource(int index, out long templateId, out string subjectId, Span<float> vector);
