using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Matching.Storage;
using EGov.Biometrics.Registry.Crypto;

namespace EGov.Biometrics.Service.Decisions;

/// <summary>
/// Where each model's encrypted gallery snapshot lives (one file per model in the data folder), sealed under
/// the key ring's active key and bound to its model id; a snapshot sealed with a key the ring has dropped, or
/// written for another model, cannot be opened and is rebuilt.
/// </summary>
public sealed class GallerySnapshots(string folder, KeyRing keys)
{
    public string ActiveKeyId => keys.ActiveKeyId;

    public string PathFor(string modelId) =>
        Path.Combine(folder, $"gallery-{string.Concat(modelId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_'))}.snapshot");

    public bool Exists(string modelId) => File.Exists(PathFor(modelId));

    /// <summary>The gallery and the id of the key its snapshot was sealed with.</summary>
    public (FaceGallery Gallery, string KeyId) Load(string modelId, bool mapVectors, GalleryOptions options)
    {
        string? sealedWith = null;
        var gallery = GalleryStore.Load(PathFor(modelId), id => (sealedWith = id) is not null && keys.KeyIds.Contains(id) ? keys.Key(id) : null, mapVectors, options, modelId);
        return (gallery, sealedWith!);
    }

    public void Save(string modelId, FaceGallery gallery) => GalleryStore.Save(gallery, PathFor(modelId), ActiveKey(), modelId);

    /// <summary>Writes a snapshot straight from a stream of rows (row 0, 1, 2… in order).</summary>
    public void Write(string modelId, int dimension, int rows, GalleryRowSource source) =>
        GalleryStore.Write(PathFor(modelId), ActiveKey(), dimension, rows, source, modelId, inOrder: true);

    private SnapshotKey ActiveKey() => new(keys.ActiveKeyId, keys.Key(keys.ActiveKeyId));
}
