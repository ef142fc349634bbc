using System.Diagnostics;
using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Registry.Subjects;

namespace EGov.Biometrics.Service.Decisions;

/// <summary>
/// One gallery per embedding model, kept in step with the registry: the registry commits first, then the
/// gallery changes, so the index never holds what the disk does not. At start each gallery comes from its
/// encrypted snapshot when there is a valid one — checked against the registry's template ids (read from
/// the index, nothing decrypted), with what the snapshot lacks loaded and what the registry dropped removed —
/// and otherwise from the registry, decrypting every template. The registry stays the system of record; the
/// snapshot is a cache, rewritten in the background (<see cref="SaveChangedSnapshots"/>).
/// </summary>
public sealed class TemplateIndex
{
    private readonly Dictionary<string, FaceGallery> _galleries;
    private readonly GallerySnapshots? _snapshots;
    private readonly Dictionary<string, long> _savedAt = new(StringComparer.Ordinal);
    private readonly Lock _saving = new();
    private readonly List<string> _loadReport = [];

    private TemplateIndex(Dictionary<string, FaceGallery> galleries, GallerySnapshots? snapshots)
    {
        _galleries = galleries;
        _snapshots = snapshots;
    }

    public IReadOnlyDictionary<string, FaceGallery> Galleries => _galleries;

    /// <summary>One line per gallery from the load: where it came from, how long it took, why a snapshot was not used.</summary>
    public IReadOnlyList<string> LoadReport => _loadReport;

    /// <param name="registry">Where the encrypted templates live.</param>
    /// <param name="models">Each embedding model the service accepts, with its vector dimension.</param>
    /// <param name="options">When to search by the cascade and when to keep the float rows mapped.</param>
    /// <param name="snapshots">Where the snapshots live; null keeps none (every start decrypts the registry).</param>
    public static TemplateIndex Load(
        SubjectRegistry registry, IReadOnlyDictionary<string, int> models, MatchingOptions? options = null, GallerySnapshots? snapshots = null)
    {
        options ??= MatchingOptions.Default;
        var galleries = new Dictionary<string, FaceGallery>(StringComparer.Ordinal);
        var index = new TemplateIndex(galleries, snapshots);
        var log = index._loadReport.Add;
        foreach (var (modelId, dimension) in models)
        {
            var clock = Stopwatch.StartNew();
            var galleryOptions = new GalleryOptions(options.CascadeAboveTemplates);
            var gallery = FromSnapshot(registry, modelId, dimension, options, galleryOptions, snapshots, log);
            if (gallery is null)
            {
                gallery = new FaceGallery(dimension, galleryOptions);
                foreach (var template in registry.LoadTemplates(modelId))
                {
                    gallery.Add(template.Id, template.Pinfl, template.Vector);
                }

                log($"gallery {modelId}: {gallery.Count:N0} templates decrypted from the registry in {clock.Elapsed.TotalSeconds:F1} s");
            }
            else
            {
                index._savedAt[modelId] = gallery.Changes;
                log($"gallery {modelId}: {gallery.Count:N0} templates from the snapshot{(gallery.IsMapped ? " (float rows mapped)" : string.Empty)} in {clock.Elapsed.TotalSeconds:F1} s");
            }

            galleries[modelId] = gallery;
        }

        return index;
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

    /// <summary>Rewrites the snapshot of every gallery that changed since its last one; returns the models written.</summary>
    public IReadOnlyList<string> SaveChangedSnapshots()
    {
        if (_snapshots is null)
        {
            return [];
        }

        lock (_saving)
        {
            var written = new List<string>();
            foreach (var (modelId, gallery) in _galleries)
            {
                var changes = gallery.Changes;
                if (_savedAt.TryGetValue(modelId, out var saved) && saved == changes)
                {
                    continue;
                }

                _snapshots.Save(modelId, gallery);
                _savedAt[modelId] = changes;
                written.Add(modelId);
            }

            return written;
        }
    }

    private static FaceGallery? FromSnapshot(
        SubjectRegistry registry, string modelId, int dimension, MatchingOptions options, GalleryOptions galleryOptions, GallerySnapshots? snapshots, Action<string> log)
    {
        if (snapshots is null || !snapshots.Exists(modelId))
        {
            return null;
        }

        try
        {
            var map = registry.CountTemplates(modelId) > options.MapVectorsAboveTemplates;
            var gallery = snapshots.Load(modelId, map, galleryOptions);
            if (gallery.Dimension != dimension)
            {
                throw new InvalidDataException($"it holds {gallery.Dimension}-D vectors; the model gives {dimension}");
            }

            CatchUp(registry, modelId, gallery);
            return gallery;
        }
        catch (InvalidDataException e)
        {
            log($"gallery {modelId}: snapshot {snapshots.PathFor(modelId)} not used ({e.Message}); rebuilding from the registry");
            return null;
        }
    }

    /// <summary>Brings a snapshot's gallery to the registry: loads the templates it lacks, removes those the registry no longer has.</summary>
    private static void CatchUp(SubjectRegistry registry, string modelId, FaceGallery gallery)
    {
        var held = gallery.TemplateIds();
        var missing = new List<long>();
        var at = 0;
        foreach (var id in registry.TemplateIds(modelId))
        {
            for (; at < held.Length && held[at] < id; at++)
            {
                gallery.Remove(held[at]);
            }

            if (at < held.Length && held[at] == id)
            {
                at++;
            }
            else
            {
                missing.Add(id);
            }
        }

        for (; at < held.Length; at++)
        {
            gallery.Remove(held[at]);
        }

        foreach (var template in registry.LoadTemplates(modelId, missing))
        {
            gallery.Add(template.Id, template.Pinfl, template.Vector);
        }
    }
}
