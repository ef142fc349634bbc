using System.Globalization;
using EGov.Biometrics.ModelConversion.FaceApi;
using EGov.Biometrics.ModelConversion.Tfjs;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EGov.Biometrics.ModelConversion.Tests;

/// <summary>
/// The converted graph against <see cref="FaceApiReference"/>, a plain transcription of face-api's forward pass
/// (NHWC, unfolded bias and scale layers, zero-padded shortcuts), on random weights and a random input.
/// </summary>
public sealed class FaceApiResNetConverterTests
{
    [Fact]
    public void The_onnx_graph_computes_what_face_api_computes()
    {
        var random = new Random(17);
        var weights = RandomWeights(random);
        var input = Enumerable.Range(0, 150 * 150 * 3).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();

        var expected = FaceApiReference.Forward(weights, input);
        var actual = RunOnnx(FaceApiResNetConverter.Convert(weights), input);

        Assert.Equal(128, actual.Length);
        var scale = expected.Max(Math.Abs);
        Assert.True(scale > 1e-3f, "the reference output must not be trivially zero");
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-3f * scale, $"output {i}: face-api {expected[i]}, onnx {actual[i]}");
        }
    }

    [Fact]
    public void The_same_weights_always_give_the_same_bytes()
    {
        var weights = RandomWeights(new Random(1));

        Assert.Equal(FaceApiResNetConverter.Convert(weights), FaceApiResNetConverter.Convert(weights));
    }

    private static float[] RunOnnx(byte[] model, float[] nhwc)
    {
        using var session = new InferenceSession(model);
        Assert.Equal([1, 3, 150, 150], session.InputMetadata["input"].Dimensions);

        // NHWC → NCHW.
        var nchw = new float[nhwc.Length];
        for (var y = 0; y < 150; y++)
        {
            for (var x = 0; x < 150; x++)
            {
                for (var c = 0; c < 3; c++)
                {
                    nchw[(c * 150 * 150) + (y * 150) + x] = nhwc[(((y * 150) + x) * 3) + c];
                }
            }
        }

        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", new DenseTensor<float>(nchw, [1, 3, 150, 150]))]);
        return results.First().AsEnumerable<float>().ToArray();
    }

    private static TfjsWeightMap RandomWeights(Random random)
    {
        var specs = new List<string>();
        var data = new List<byte>();
        void Add(string name, int[] shape, Func<float> value)
        {
            specs.Add($$"""{"name":"{{name}}","shape":[{{string.Join(",", shape)}}],"dtype":"float32"}""");
            for (var i = shape.Aggregate(1, (a, b) => a * b); i > 0; i--)
            {
                data.AddRange(BitConverter.GetBytes(value()));
            }
        }

        float Uniform(double lo, double hi) => (float)(lo + (random.NextDouble() * (hi - lo)));
        foreach (var (name, cin, cout, k) in FaceApiReference.Convolutions)
        {
            var spread = 1.5 / Math.Sqrt(k * k * cin);
            Add($"{name}/conv/filters", [k, k, cin, cout], () => Uniform(-spread, spread));
            Add($"{name}/conv/bias", [cout], () => Uniform(-0.05, 0.05));
            Add($"{name}/scale/weights", [cout], () => Uniform(0.5, 1.5));
            Add($"{name}/scale/biases", [cout], () => Uniform(-0.1, 0.1));
        }

        Add("fc", [256, 128], () => Uniform(-0.1, 0.1));
        var manifest = string.Create(CultureInfo.InvariantCulture, $$"""[{"paths":["w.bin"],"weights":[{{string.Join(",", specs)}}]}]""");
        var bytes = data.ToArray();
        return TfjsWeightMap.Load(manifest, _ => bytes);
    }
}
