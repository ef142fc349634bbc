using System.Diagnostics;
using System.Security.Cryptography;
using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Registry.Subjects;

namespace EGov.Biometrics.Service.Decisions;

/// <summary>
/// One gallery per embedding model, kept in step with the registry: the registry commits first, then the
/// gallery changes, so the index never holds what the disk does not. At start each gallery comes from its
/// encrypted snapshot when there is a valid one — checked against the registry's template ids (read from
/// the index, nothing decrypted), with what the snapshot lacks loaded and what the registry dropped removed —
/// and otherwise from the registry, decrypting every template (a gallery too large for memory is streamed
/// into a new snapshot and mapped). A mapped row that fails its check is read again from the registry. The
/// registry stays the system of record; the snapshot is a cache, rewritten in the background
/// (<see cref="SaveChangedSnapshots"/>).
/// </summary>
public sealed class TemplateIndex
{
    private readonly Dictionary<string, FaceGallery> _galleries;
    private readonly GallerySnapshots? _snapshots;
    private readonly Dictionary<string, (long Changes, string KeyId)> _saved = new(StringComparer.Ordinal);
    private readonly Lock _saving = new();
    private readonly List<string> _loadReport = [];
    private int _deletions;

    private TemplateIndex(Dictionary<string, FaceGallery> galleries, GallerySnapshots? snapshots)
    {
        _galleries = galleries;
        _snapshots = snapshots;
    }

    public IReadOnlyDictionary<string, FaceGallery> Galleries => _galleries;

    /// <summary>One line per gallery from the load: where it came from, how long it took, why a snapshot was not used.</summary>
    public IReadOnlyList<string> LoadReport => _loadReport;

    /// <summary>Subjects were deleted since the last snapshot: their rows should leave the disk soon, not at the next interval.</summary>
    public bool DeletionPending => Volatile.Read(ref _deletions) > 0;

    /// <param name="registry">Where the encrypted templates live.</param>
    /// <param name="models">Each embedding model the service accepts, with its vector dimension.</param>
    /// <param name="options">When to search by the cascade and when to keep the float rows mapped.</param>
    /// <param name="snapshots">Where the snapshots live; null keeps none (every start decrypts the registry into memory).</param>
    public static TemplateIndex Load(
        SubjectRegistry registry, IReadOnlyDictionary<string, int> models, MatchingOptions? options = null, GallerySnapshots? snapshots = null)
    {
        options ??= MatchingOptions.Default;
        var galleries = new Dictionary<string, FaceGallery>(StringComparer.Ordinal);
        var index = new TemplateIndex(galleries, snapshots);
        foreach (var (modelId, dimension) in models)
        {
            var clock = Stopwatch.StartNew();
            var galleryOptions = options.Gallery;
            var count = registry.CountTemplates(modelId);
            var map = snapshots is not null && count > options.MapVectorsAboveTemplates;
            var gallery = index.FromSnapshot(registry, modelId, dimension, map, galleryOptions);
            if (gallery is not null)
            {
                index._loadReport.Add($"gallery {modelId}: {gallery.Count:N0} templates from the snapshot{(gallery.IsMapped ? " (float rows mapped)" : string.Empty)} in {clock.Elapsed.TotalSeconds:F1} s");
            }
            else if (map)
            {
                gallery = index.StreamedThroughSnapshot(registry, modelId, dimension, (int)count, galleryOptions);
                index._loadReport.Add($"gallery {modelId}: {gallery.Count:N0} templates decrypted from the registry into a new snapshot (float rows mapped) in {clock.Elapsed.TotalSeconds:F1} s");
            }
            else
            {
                gallery = new FaceGallery(dimension, galleryOptions);
                foreach (var template in registry.LoadTemplates(modelId))
                {
                    gallery.Add(template.Id, template.Pinfl, template.Vector);
                }

                index._loadReport.Add($"gallery {modelId}: {gallery.Count:N0} templates decrypted from the registry in {clock.Elapsed.TotalSeconds:F1} s");
            }

            // A sealed row that fails its check is read again from the registry, the system of record.
            gallery.Repair = id => registry.LoadTemplates(modelId, [id]).FirstOrDefault()?.Vector;
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

        Interlocked.Increment(ref _deletions);
    }

    /// <summary>
    /// Rewrites the snapshot of every gallery that changed since its last one, or whose snapshot is sealed
    /// with a key that is no longer the ring's active one; returns the models written.
    /// </summary>
    public IReadOnlyList<string> SaveChangedSnapshots()
    {
        if (_snapshots is null)
        {
            return [];
        }

        lock (_saving)
        {
            var deletions = Volatile.Read(ref _deletions);
            var written = new List<string>();
            foreach (var (modelId, gallery) in _galleries)
            {
                var changes = gallery.Changes;
                if (_saved.TryGetValue(modelId, out var saved) && saved.Changes == changes && saved.KeyId == _snapshots.ActiveKeyId)
                {
                    continue;
                }

                _snapshots.Save(modelId, gallery);
                _saved[modelId] = (changes, _snapshots.ActiveKeyId);
                written.Add(modelId);
            }

            Interlocked.Add(ref _deletions, -deletions);
            return written;
        }
    }

    private FaceGallery? FromSnapshot(SubjectRegistry registry, string modelId, int dimension, bool map, GalleryOptions galleryOptions)
    {
        if (_snapshots is null || !_snapshots.Exists(modelId))
        {
            return null;
        }

        try
        {
            var (gallery, keyId) = _snapshots.Load(modelId, map, galleryOptions);
            if (gallery.Dimension != dimension)
            {
                throw new InvalidDataException($"it holds {gallery.Dimension}-D vectors; the model gives {dimension}");
            }

            // What the file holds is recorded before the catch-up, so a caught-up gallery is written again soon.
            _saved[modelId] = (gallery.Changes, keyId);
            CatchUp(registry, modelId, gallery);
            return gallery;
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException or CryptographicException)
        {
            _loadReport.Add($"gallery {modelId}: snapshot {_snapshots.PathFor(modelId)} not used ({e.Message}); rebuilding from the registry");
            return null;
        }
    }

    /// <summary>A gallery too large for memory: the registry's templates streamed into a new snapshot, then loaded mapped.</summary>
    private FaceGallery StreamedThroughSnapshot(SubjectRegistry registry, string modelId, int dimension, int count, GalleryOptions galleryOptions)
    {
        using var templates = registry.LoadTemplates(modelId).GetEnumerator();
        _snapshots!.Write(modelId, dimension, count, (int i, out long templateId, out string subjectId, Span<float> vector) =>
        {
            if (!templates.MoveNext())
            {
                throw new InvalidOperationException($"The registry held {count} templates of model {modelId} when counted and only {i} when read.");
            }

            (templateId, subjectId) = (templates.Current.Id, templates.Current.Pinfl);
            templates.Current.Vector.CopyTo(vector);
        });
        var (gallery, keyId) = _snapshots.Load(modelId, mapVectors: true, galleryOptions);
        _saved[modelId] = (gallery.Changes, keyId);
        return gallery;
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
