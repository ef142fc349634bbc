using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Matching.Storage;
using EGov.Biometrics.Registry.Crypto;

namespace EGov.Biometrics.Service.Decisions;

/// <summary>
/// Where each model's encrypted gallery snapshot lives (one file per model in the data folder), sealed under
/// the key ring's active key; a snapshot sealed with a key the ring has dropped cannot be opened and is rebuilt.
/// </summary>
public sealed class GallerySnapshots(string folder, KeyRing keys)
{
    public string PathFor(string modelId) =>
        Path.Combine(folder, $"gallery-{string.Concat(modelId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' ? c : '_'))}.snapshot");

    public bool Exists(string modelId) => File.Exists(PathFor(modelId));

    public FaceGallery Load(string modelId, bool mapVectors, GalleryOptions options) =>
        GalleryStore.Load(PathFor(modelId), id => keys.KeyIds.Contains(id) ? keys.Key(id) : null, mapVectors, options);

    public void Save(string modelId, FaceGallery gallery) =>
        GalleryStore.Save(gallery, PathFor(modelId), new SnapshotKey(keys.ActiveKeyId, keys.Key(keys.ActiveKeyId)));
}
