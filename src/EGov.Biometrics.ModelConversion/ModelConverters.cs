using EGov.Biometrics.ModelConversion.FaceApi;
using EGov.Biometrics.ModelConversion.Tfjs;

namespace EGov.Biometrics.ModelConversion;

/// <summary>The converters a model manifest can name, by their manifest names.</summary>
public static class ModelConverters
{
    /// <param name="converter">The manifest's converter name.</param>
    /// <param name="sources">The source files, in the order the manifest lists them.</param>
    /// <returns>The ONNX model's bytes; the same inputs always give the same bytes.</returns>
    public static byte[] Convert(string converter, IReadOnlyList<string> sources) => converter switch
    {
        "faceapi-resnet" => FaceApiResNetConverter.Convert(LoadTfjs(sources)),
        _ => throw new NotSupportedException($"There is no model converter '{converter}'."),
    };

    // sources[0] is the weights manifest, the rest are its shards (matched by file name).
    private static TfjsWeightMap LoadTfjs(IReadOnlyList<string> sources)
    {
        var shards = sources.Skip(1).ToList();
        return TfjsWeightMap.Load(File.ReadAllText(sources[0]), shardName =>
        {
            var ext = Path.GetExtension(shardName);
            var match = shards.Where(s => Path.GetExtension(s) == ext).ToList();
            return match.Count == 1
                ? File.ReadAllBytes(match[0])
                : throw new FileNotFoundException($"The weights manifest names shard '{shardName}'; {match.Count} source files could be it.");
        });
    }
}
