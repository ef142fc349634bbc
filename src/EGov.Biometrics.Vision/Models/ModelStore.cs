using System.Security.Cryptography;

namespace EGov.Biometrics.Vision.Models;

/// <summary>
/// Finds the manifest and the verified model cache. The cache is filled by <c>models/fetch.mjs</c>
/// (<c>./build.sh setup</c>); this class only reads it and refuses files whose checksum is wrong. A store may instead
/// hold the models' bytes (from an embedded resource, a database or a download the caller made), checked the same way.
/// </summary>
public sealed class ModelStore
{
    /// <summary>Environment variable naming the model cache folder.</summary>
    public const string ModelsDirVariable = "EGOV_MODELS_DIR";
    /// <summary>Environment variable naming the folder that holds manifest.json.</summary>
    public const string ManifestDirVariable = "EGOV_MANIFEST_DIR";

    private readonly HashSet<string> _verified = [];
    private readonly Lock _gate = new();
    private readonly IReadOnlyDictionary<string, byte[]>? _contents;

    /// <summary>A store over <paramref name="manifest"/> and the files in <paramref name="cacheDirectory"/>.</summary>
    public ModelStore(ModelManifest manifest, string cacheDirectory)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentException.ThrowIfNullOrWhiteSpace(cacheDirectory);
        Manifest = manifest;
        CacheDirectory = cacheDirectory;
    }

    /// <summary>
    /// A store over <paramref name="manifest"/> and models held in memory: <paramref name="models"/> maps a manifest
    /// model id to the model file's bytes. Each is checked against the manifest's sha256 when first opened; a store like
    /// this reads no file and holds no test assets.
    /// </summary>
    public ModelStore(ModelManifest manifest, IReadOnlyDictionary<string, byte[]> models)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(models);
        var unknown = models.Keys.Where(id => manifest.Models.All(m => m.Id != id)).ToList();
        if (unknown.Count > 0)
        {
            throw new KeyNotFoundException($"The model manifest has no model '{string.Join("', '", unknown)}'.");
        }

        if (models.FirstOrDefault(m => m.Value is null) is { Key: { } empty })
        {
            throw new ArgumentException($"No bytes were given for '{empty}'.", nameof(models));
        }

        Manifest = manifest;
        CacheDirectory = string.Empty;
        // A copy of the map: entries the caller swaps later are not ours.
        _contents = models.ToDictionary();
    }

    /// <summary>The manifest that pins every file's hash.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>The folder holding the model files; empty for a store of models in memory.</summary>
    public string CacheDirectory { get; }

    /// <summary>Whether the models are held in memory (<see cref="ModelBytes"/>) rather than read from files (<see cref="ModelPath"/>).</summary>
    public bool InMemory => _contents is not null;

    /// <summary>Locates <c>models/manifest.json</c> from the environment or by walking up from the program's folder.</summary>
    public static ModelStore Discover()
    {
        var manifestDir = Environment.GetEnvironmentVariable(ManifestDirVariable) ?? FindModelsDirectory();
        var manifest = ModelManifest.Load(Path.Combine(manifestDir, "manifest.json"));
        var cache = Environment.GetEnvironmentVariable(ModelsDirVariable) ?? Path.Combine(manifestDir, "cache");
        return new ModelStore(manifest, cache);
    }

    /// <summary>The path of a model's file, checked against the manifest's sha256 (once per store).</summary>
    public string ModelPath(ModelDescriptor model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return _contents is null
            ? VerifiedPath(model.CacheFileName, model.Sha256, model.Id)
            : throw new InvalidOperationException($"'{model.Id}' is held in memory, not in a file: use {nameof(ModelBytes)}.");
    }

    /// <summary>A model's bytes in a store of models in memory, checked against the manifest's sha256 on every call (the caller still holds the arrays).</summary>
    public byte[] ModelBytes(ModelDescriptor model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (_contents is null)
        {
            throw new InvalidOperationException($"'{model.Id}' is read from the model cache: use {nameof(ModelPath)}.");
        }

        if (!_contents.TryGetValue(model.Id, out var bytes))
        {
            throw new KeyNotFoundException($"'{model.Id}' was not given to this store; it holds {string.Join(", ", _contents.Keys)}.");
        }

        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return string.Equals(actual, model.Sha256, StringComparison.OrdinalIgnoreCase)
            ? bytes
            : throw new InvalidDataException($"The bytes given for '{model.Id}' have sha256 {actual}, the manifest pins {model.Sha256}.");
    }

    /// <summary>Where the model belongs in the cache, whether or not it is there.</summary>
    public string CachePath(ModelDescriptor model) =>
        _contents is null
            ? Path.Combine(CacheDirectory, model.CacheFileName)
            : throw new InvalidOperationException($"'{model.Id}' is held in memory; a store of models in memory has no cache folder.");

    /// <summary>The path of a test asset's file, checked against the manifest's sha256 (once per store).</summary>
    public string AssetPath(string assetId)
    {
        if (_contents is not null)
        {
            throw new InvalidOperationException($"A store of models in memory holds no test assets ('{assetId}').");
        }

        var asset = Manifest.Assets.FirstOrDefault(a => a.Id == assetId)
            ?? throw new KeyNotFoundException($"The model manifest has no asset '{assetId}'.");
        return VerifiedPath(asset.CacheFileName, asset.Sha256, asset.Id);
    }

    private string VerifiedPath(string relative, string sha256, string id)
    {
        var path = Path.Combine(CacheDirectory, relative);
        lock (_gate)
        {
            if (_verified.Contains(path))
            {
                return path;
            }

            if (!File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"'{id}' is not in the model cache ({path}). Run './build.sh setup' to fetch, convert and verify the models.", path);
            }

            using var stream = File.OpenRead(path);
            var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
            if (!string.Equals(actual, sha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException(
                    $"'{id}' in the model cache has sha256 {actual}, the manifest pins {sha256}. Delete {path} and run './build.sh setup'.");
            }

            _verified.Add(path);
            return path;
        }
    }

    private static string FindModelsDirectory()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "models", "manifest.json");
                if (File.Exists(candidate))
                {
                    return Path.GetDirectoryName(candidate)!;
                }
            }
        }

        throw new DirectoryNotFoundException(
            $"Cannot find models/manifest.json above {AppContext.BaseDirectory}; set {ManifestDirVariable} to the folder holding it.");
    }
}
