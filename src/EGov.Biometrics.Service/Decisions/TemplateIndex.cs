using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Registry.Subjects;

namespace EGov.Biometrics.Service.Decisions;

/// <summary>
/// One in-memory gallery per embedding model, filled from the registry at start and kept in step with it:
/// the registry commits first, then the gallery changes, so the index never holds what the disk does not.
/// </summary>
public sealed class TemplateIndex
{
    private readonly Dictionary<string, FaceGallery> _galleries;

    private TemplateIndex(Dictionary<string, FaceGallery> galleries) => _galleries = galleries;

    public IReadOnlyDictionary<string, FaceGallery> Galleries => _galleries;

    /// <param name="registry">Where the encrypted templates live.</param>
    /// <param name="models">Each embedding model the service accepts, with its vector dimension.</param>
    public static TemplateIndex Load(SubjectRegistry registry, IReadOnlyDictionary<string, int> models)
    {
        var galleries = new Dictionary<string, FaceGallery>(StringComparer.Ordinal);
        foreach (var (modelId, dimension) in models)
        {
            var gallery = new FaceGallery(dimension);
            foreach (var template in registry.LoadTemplates(modelId))
            {
                gallery.Add(template.Id, template.Pinfl, template.Vector);
            }

            galleries[modelId] = gallery;
        }

        return new TemplateIndex(galleries);
    }

    public FaceGallery For(string modelId) =>
        _galleries.TryGetValue(modelId, out var gallery)
            ? gallery
            : throw new ArgumentException($"Model '{Text.Bounded(modelId, Text.NameLength)}' is not served here (served: {string.Join(", ", _galleries.Keys)}).", nameof(modelId));

    public void RemoveSubject(string pinfl)
    {
        foreach (var gallery in _galleries.Values)
        {
            gallery.RemoveSubject(pinfl);
        }
    }
}
