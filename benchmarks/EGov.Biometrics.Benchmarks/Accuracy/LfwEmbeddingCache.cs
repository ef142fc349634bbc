using System.Security.Cryptography;
using System.Text;
using EGov.Biometrics.Vision.Pipeline;

namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>
/// Every LFW image embedded once (13,233 faces, about ten minutes on two cores) and kept in a file named by a
/// hash of what made the vectors: the detector, landmark and embedder models' SHA-256, the variant and
/// <see cref="PipelineVersion"/>. A changed model or pipeline gets a new file name, so it is embedded afresh.
/// </summary>
public sealed class LfwEmbeddingCache(string directory)
{
    /// <summary>Raise when the way faces are located or embedded changes without a model changing.</summary>
    public const int PipelineVersion = 1;

    private const int Magic = 0x4C465745; // "LFWE"

    public string Directory { get; } = directory;

    /// <summary>The cache file for one pipeline: the key hashes every model's digest and the variant.</summary>
    public string PathFor(IEnumerable<string> modelDigests, EmbeddingVariant variant)
    {
        // A jittered variant's embeddings also depend on the perturbations drawn.
        var jitter = variant.Jitters > 1 ? $"|jitter v{EGov.Biometrics.Vision.Recognition.ChipJitter.Version}" : string.Empty;
        var key = $"v{PipelineVersion}|{variant.Name}{jitter}|{string.Join('|', modelDigests)}";
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16];
        return System.IO.Path.Combine(Directory, $"lfw-embeddings-{hash}.bin");
    }

    /// <summary>The embeddings of every image in <paramref name="data"/>, read from <paramref name="file"/> or made by <paramref name="embed"/> and written there.</summary>
    public static IReadOnlyDictionary<string, float[]> LoadOrEmbed(
        string file, LfwDataset data, Func<IReadOnlyList<string>, IReadOnlyDictionary<string, float[]>> embed, Action<string> progress)
    {
        var images = data.People.Values.SelectMany(v => v).ToList();
        if (File.Exists(file))
        {
            var cached = Read(file, data.Root);
            if (images.All(cached.ContainsKey))
            {
                progress($"{cached.Count} embeddings read from {file}");
                return cached;
            }

            progress($"{file} lacks some of the {images.Count} images; embedding again");
        }

        var embeddings = embed(images);
        Write(file, data.Root, embeddings);
        progress($"{embeddings.Count} embeddings written to {file}");
        return embeddings;
    }

    /// <summary>The default pipeline's embeddings: faces located by the detector alone, embedded by <paramref name="variant"/>.</summary>
    public static IReadOnlyDictionary<string, float[]> Embed(
        FacePipeline pipeline, Vision.Onnx.ModelCatalog catalog, EmbeddingVariant variant, IReadOnlyList<string> images, Action<string> progress)
    {
        progress($"locating faces in {images.Count} images");
        var located = new FaceLocator(pipeline).LocateAll(images);
        progress($"embedding with {variant.Name}");
        using var embedder = variant.Open(catalog);
        return LfwBenchmark.Embed(embedder, images, located);
    }

    // Paths are stored relative to the dataset root, so a moved LFW folder keeps its cache.
    internal static void Write(string file, string root, IReadOnlyDictionary<string, float[]> embeddings)
    {
        System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        var temporary = file + ".tmp";
        using (var writer = new BinaryWriter(File.Create(temporary)))
        {
            writer.Write(Magic);
            writer.Write(embeddings.Count);
            foreach (var (path, vector) in embeddings.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                writer.Write(System.IO.Path.GetRelativePath(root, path));
                writer.Write(vector.Length);
                foreach (var value in vector)
                {
                    writer.Write(value);
                }
            }
        }

        File.Move(temporary, file, overwrite: true);
    }

    private static Dictionary<string, float[]> Read(string file, string root)
    {
        using var reader = new BinaryReader(File.OpenRead(file));
        if (reader.ReadInt32() != Magic)
        {
            throw new InvalidDataException($"{file} is not an LFW embedding cache; delete it.");
        }

        var count = reader.ReadInt32();
        var embeddings = new Dictionary<string, float[]>(count);
        for (var i = 0; i < count; i++)
        {
            var path = System.IO.Path.Combine(root, reader.ReadString());
            var vector = new float[reader.ReadInt32()];
            for (var j = 0; j < vector.Length; j++)
            {
                vector[j] = reader.ReadSingle();
            }

            embeddings[path] = vector;
        }

        return embeddings;
    }
}
