using System.Text.Json;
using System.Text.Json.Serialization;

namespace EGov.Biometrics.ModelConversion.Tfjs;

/// <summary>
/// Reads a TensorFlow.js weights manifest (<c>*-weights_manifest.json</c>) and its binary shards.
/// Weights are stored back to back in the order listed; uint8-quantised ones decode as q·scale + min.
/// </summary>
public sealed class TfjsWeightMap
{
    private readonly Dictionary<string, TfjsTensor> _tensors;

    private TfjsWeightMap(Dictionary<string, TfjsTensor> tensors) => _tensors = tensors;

    public IReadOnlyCollection<string> Names => _tensors.Keys;

    public TfjsTensor this[string name] =>
        _tensors.TryGetValue(name, out var tensor) ? tensor : throw new KeyNotFoundException($"The weights have no tensor '{name}'.");

    /// <param name="manifestJson">The manifest's text.</param>
    /// <param name="readShard">Returns the bytes of a shard named in the manifest.</param>
    public static TfjsWeightMap Load(string manifestJson, Func<string, byte[]> readShard)
    {
        var groups = JsonSerializer.Deserialize<List<WeightGroup>>(manifestJson)
            ?? throw new InvalidDataException("The TensorFlow.js weights manifest is empty.");
        var tensors = new Dictionary<string, TfjsTensor>();
        foreach (var group in groups)
        {
            var data = group.Paths.SelectMany(readShard).ToArray();
            var offset = 0;
            foreach (var spec in group.Weights)
            {
                if (spec.Dtype != "float32")
                {
                    throw new InvalidDataException($"'{spec.Name}' has dtype {spec.Dtype}; only float32 weights are supported.");
                }

                var count = spec.Shape.Aggregate(1, (a, b) => a * b);
                var values = new float[count];
                offset += spec.Quantization switch
                {
                    null => Raw(data, offset, values),
                    { Dtype: "uint8" } q => Uint8(data, offset, values, q),
                    { } q => throw new InvalidDataException($"'{spec.Name}' uses {q.Dtype} quantisation; only uint8 is supported."),
                };
                tensors[spec.Name] = new TfjsTensor(spec.Name, spec.Shape, values);
            }

            if (offset != data.Length)
            {
                throw new InvalidDataException($"The weights shards hold {data.Length} bytes but the manifest describes {offset}.");
            }
        }

        return new TfjsWeightMap(tensors);
    }

    private static int Raw(byte[] data, int offset, float[] values)
    {
        var bytes = values.Length * sizeof(float);
        EnsureAvailable(data, offset, bytes);
        Buffer.BlockCopy(data, offset, values, 0, bytes);
        return bytes;
    }

    private static int Uint8(byte[] data, int offset, float[] values, Quantization q)
    {
        EnsureAvailable(data, offset, values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((data[offset + i] * q.Scale) + q.Min);
        }

        return values.Length;
    }

    private static void EnsureAvailable(byte[] data, int offset, int bytes)
    {
        if (offset + bytes > data.Length)
        {
            throw new InvalidDataException($"The weights shards end at byte {data.Length}; the manifest needs {offset + bytes}.");
        }
    }

    private sealed record WeightGroup(
        [property: JsonPropertyName("paths")] List<string> Paths,
        [property: JsonPropertyName("weights")] List<WeightSpec> Weights);

    private sealed record WeightSpec(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("shape")] int[] Shape,
        [property: JsonPropertyName("dtype")] string Dtype,
        [property: JsonPropertyName("quantization")] Quantization? Quantization);

    private sealed record Quantization(
        [property: JsonPropertyName("dtype")] string Dtype,
        [property: JsonPropertyName("scale")] double Scale,
        [property: JsonPropertyName("min")] double Min);
}
