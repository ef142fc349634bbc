namespace EGov.Biometrics.Service.Galleries;

/// <summary>A committed template as the gallery holds it: the registry's id, its model and its unit vector.</summary>
public sealed record GalleryTemplate(long TemplateId, string ModelId, float[] Vector);
