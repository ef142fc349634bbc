using EGov.Biometrics.ModelConversion.Onnx;
using EGov.Biometrics.ModelConversion.Tfjs;
using static EGov.Biometrics.ModelConversion.Onnx.OnnxGraphBuilder;

namespace EGov.Biometrics.ModelConversion.FaceApi;

/// <summary>
/// Converts face-api's FaceRecognitionNet — dlib's ResNet-29 face descriptor (dlib_face_recognition_resnet_model_v1),
/// 150x150 RGB in, 128-D out — from TensorFlow.js weights into an ONNX graph.
/// Each convolution's bias and the scale layer after it (dlib's folded batch norm) are folded into one Conv.
/// Input: NCHW, already normalised ((RGB − mean) / 255). Output: "embedding" [1, 128], not normalised.
/// </summary>
public static class FaceApiResNetConverter
{
    public const int InputSize = 150;

    private static readonly string[] Stages =
    [
        "conv32_1", "conv32_2", "conv32_3",
        "conv64_down", "conv64_1", "conv64_2", "conv64_3",
        "conv128_down", "conv128_1", "conv128_2",
        "conv256_down", "conv256_1", "conv256_2", "conv256_down_out",
    ];

    public static byte[] Convert(TfjsWeightMap weights)
    {
        var g = new OnnxGraphBuilder("dlib_resnet29_face_descriptor");
        var x = g.Input("input", 1, 3, InputSize, InputSize);
        var size = InputSize;

        // 7x7 stride-2 'valid' convolution, then 3x3 stride-2 max pooling.
        (x, size, var channels) = Conv(g, weights, "conv32_down", x, size, stride: 2, relu: true);
        x = g.Node("MaxPool", [x], [Ints("kernel_shape", 3, 3), Ints("strides", 2, 2)]);
        size = ((size - 3) / 2) + 1;

        foreach (var stage in Stages)
        {
            (x, size, channels) = stage.Contains("_down", StringComparison.Ordinal)
                ? ResidualDown(g, weights, stage, x, size, channels)
                : Residual(g, weights, stage, x, size, channels);
        }

        var pooled = g.Node("ReduceMean", [x], [Ints("axes", 2, 3), Int("keepdims", 0)]);
        var fc = weights["fc"];
        g.Node("MatMul", [pooled, g.Constant("fc", fc.Values, fc.Shape)], output: "embedding");
        g.Output("embedding", 1, fc.Shape[1]);

        return g.Build(
            "egov-biometrics-model-conversion", "1",
            "dlib ResNet-29 face descriptor converted from face-api (TensorFlow.js) weights.", opset: 13);
    }

    private static (string Value, int Size, int Channels) Residual(OnnxGraphBuilder g, TfjsWeightMap w, string prefix, string x, int size, int channels)
    {
        var (a, _, _) = Conv(g, w, $"{prefix}/conv1", x, size, stride: 1, relu: true);
        var (b, _, outChannels) = Conv(g, w, $"{prefix}/conv2", a, size, stride: 1, relu: false);
        if (outChannels != channels)
        {
            throw new InvalidDataException($"{prefix}: a residual block cannot change {channels} channels into {outChannels}.");
        }

        return (g.Node("Relu", [g.Node("Add", [b, x])]), size, channels);
    }

    // dlib's res_down: a stride-2 branch plus a 2x2 average-pooled shortcut; where their sizes or channel counts
    // differ, the smaller is zero-padded (at the bottom/right, or with extra channels) before the sum.
    private static (string Value, int Size, int Channels) ResidualDown(
        OnnxGraphBuilder g, TfjsWeightMap w, string prefix, string x, int size, int channels)
    {
        var pooled = g.Node("AveragePool", [x], [Ints("kernel_shape", 2, 2), Ints("strides", 2, 2)]);
        var pooledSize = ((size - 2) / 2) + 1;
        var outChannels = w[$"{prefix}/conv1/conv/filters"].Shape[3];

        var (a, branchSize, _) = Conv(g, w, $"{prefix}/conv1", x, size, stride: 2, relu: true);
        var (branch, _, _) = Conv(g, w, $"{prefix}/conv2", a, branchSize, stride: 1, relu: false);
        branch = PadTo(g, branch, branchSize, pooledSize);

        if (outChannels > channels)
        {
            pooled = g.Node("Pad", [pooled, g.Constant("pads", [0, 0, 0, 0, 0, outChannels - channels, 0, 0], 8)]);
        }

        return (g.Node("Relu", [g.Node("Add", [branch, pooled])]), pooledSize, outChannels);
    }

    private static string PadTo(OnnxGraphBuilder g, string value, int size, int target) =>
        size == target ? value : g.Node("Pad", [value, g.Constant("pads", [0, 0, 0, 0, 0, 0, target - size, target - size], 8)]);

    /// <summary>Conv + bias + scale folded into one Conv; 'same' padding at stride 1, 'valid' at stride 2.</summary>
    private static (string Value, int Size, int Channels) Conv(
        OnnxGraphBuilder g, TfjsWeightMap w, string prefix, string x, int size, int stride, bool relu)
    {
        var filters = w[$"{prefix}/conv/filters"];
        var bias = w[$"{prefix}/conv/bias"].Values;
        var scale = w[$"{prefix}/scale/weights"].Values;
        var shift = w[$"{prefix}/scale/biases"].Values;
        var (kh, kw, cin, cout) = (filters.Shape[0], filters.Shape[1], filters.Shape[2], filters.Shape[3]);

        // TensorFlow stores HWIO; ONNX wants OIHW. y = (conv(x) + b)·s + t = conv_{W·s}(x) + (b·s + t).
        var kernel = new float[cout * cin * kh * kw];
        for (var o = 0; o < cout; o++)
        {
            for (var i = 0; i < cin; i++)
            {
                for (var y = 0; y < kh; y++)
                {
                    for (var z = 0; z < kw; z++)
                    {
                        kernel[(((((o * cin) + i) * kh) + y) * kw) + z] = filters.Values[(((((y * kw) + z) * cin) + i) * cout) + o] * scale[o];
                    }
                }
            }
        }

        var folded = bias.Select((b, o) => (b * scale[o]) + shift[o]).ToArray();
        var pad = stride == 1 ? kh / 2 : 0;
        var output = g.Node(
            "Conv",
            [x, g.Constant($"{prefix.Replace('/', '_')}_w", kernel, cout, cin, kh, kw), g.Constant($"{prefix.Replace('/', '_')}_b", folded, cout)],
            [Ints("kernel_shape", kh, kw), Ints("strides", stride, stride), Ints("pads", pad, pad, pad, pad)]);
        var outSize = ((size + (2 * pad) - kh) / stride) + 1;
        return (relu ? g.Node("Relu", [output]) : output, outSize, cout);
    }
}
