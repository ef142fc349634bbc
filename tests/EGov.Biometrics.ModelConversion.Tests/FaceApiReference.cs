using EGov.Biometrics.ModelConversion.Tfjs;

namespace EGov.Biometrics.ModelConversion.Tests;

/// <summary>
/// face-api's FaceRecognitionNet forward pass, written out plainly in NHWC as its TensorFlow.js code does it:
/// conv + bias, then the scale layer, 'same' padding at stride 1 and 'valid' at stride 2, and residual-down
/// blocks whose branch is zero-padded to the pooled shortcut's size and channels. Slow, and only for tests.
/// </summary>
internal static class FaceApiReference
{
    public static readonly (string Name, int In, int Out, int K)[] Convolutions =
    [
        ("conv32_down", 3, 32, 7),
        .. Block("conv32_1", 32, 32), .. Block("conv32_2", 32, 32), .. Block("conv32_3", 32, 32),
        .. Block("conv64_down", 32, 64), .. Block("conv64_1", 64, 64), .. Block("conv64_2", 64, 64), .. Block("conv64_3", 64, 64),
        .. Block("conv128_down", 64, 128), .. Block("conv128_1", 128, 128), .. Block("conv128_2", 128, 128),
        .. Block("conv256_down", 128, 256), .. Block("conv256_1", 256, 256), .. Block("conv256_2", 256, 256), .. Block("conv256_down_out", 256, 256),
    ];

    private sealed record Map(int Size, int Channels, float[] Data)
    {
        public float this[int y, int x, int c] => Data[(((y * Size) + x) * Channels) + c];
    }

    public static float[] Forward(TfjsWeightMap w, float[] input)
    {
        var x = ConvLayer(w, "conv32_down", new Map(150, 3, input), stride: 2, relu: true);
        x = Pool(x, 3, 2, max: true);
        foreach (var stage in new[] { "conv32_1", "conv32_2", "conv32_3" })
        {
            x = Residual(w, stage, x);
        }

        x = ResidualDown(w, "conv64_down", x);
        foreach (var stage in new[] { "conv64_1", "conv64_2", "conv64_3" })
        {
            x = Residual(w, stage, x);
        }

        x = ResidualDown(w, "conv128_down", x);
        x = Residual(w, "conv128_1", x);
        x = Residual(w, "conv128_2", x);
        x = ResidualDown(w, "conv256_down", x);
        x = Residual(w, "conv256_1", x);
        x = Residual(w, "conv256_2", x);
        x = ResidualDown(w, "conv256_down_out", x);

        var mean = new float[x.Channels];
        for (var i = 0; i < x.Data.Length; i++)
        {
            mean[i % x.Channels] += x.Data[i] / (x.Size * x.Size);
        }

        var fc = w["fc"];
        var output = new float[fc.Shape[1]];
        for (var o = 0; o < output.Length; o++)
        {
            for (var i = 0; i < mean.Length; i++)
            {
                output[o] += mean[i] * fc.Values[(i * output.Length) + o];
            }
        }

        return output;
    }

    private static Map Residual(TfjsWeightMap w, string prefix, Map x)
    {
        var a = ConvLayer(w, $"{prefix}/conv1", x, 1, relu: true);
        var b = ConvLayer(w, $"{prefix}/conv2", a, 1, relu: false);
        return new Map(x.Size, x.Channels, b.Data.Select((v, i) => Math.Max(0, v + x.Data[i])).ToArray());
    }

    private static Map ResidualDown(TfjsWeightMap w, string prefix, Map x)
    {
        var a = ConvLayer(w, $"{prefix}/conv1", x, 2, relu: true);
        var b = ConvLayer(w, $"{prefix}/conv2", a, 1, relu: false);
        var pooled = Pool(x, 2, 2, max: false);
        var result = new float[pooled.Size * pooled.Size * b.Channels];
        for (var y = 0; y < pooled.Size; y++)
        {
            for (var z = 0; z < pooled.Size; z++)
            {
                for (var c = 0; c < b.Channels; c++)
                {
                    var branch = y < b.Size && z < b.Size ? b[y, z, c] : 0;
                    var shortcut = c < pooled.Channels ? pooled[y, z, c] : 0;
                    result[(((y * pooled.Size) + z) * b.Channels) + c] = Math.Max(0, branch + shortcut);
                }
            }
        }

        return new Map(pooled.Size, b.Channels, result);
    }

    private static Map ConvLayer(TfjsWeightMap w, string prefix, Map x, int stride, bool relu)
    {
        var filters = w[$"{prefix}/conv/filters"];
        var (bias, scale, shift) = (w[$"{prefix}/conv/bias"].Values, w[$"{prefix}/scale/weights"].Values, w[$"{prefix}/scale/biases"].Values);
        var (k, cin, cout) = (filters.Shape[0], filters.Shape[2], filters.Shape[3]);
        var pad = stride == 1 ? k / 2 : 0;
        var size = stride == 1 ? x.Size : ((x.Size - k) / stride) + 1;
        var output = new float[size * size * cout];
        Parallel.For(0, size, oy =>
        {
            for (var ox = 0; ox < size; ox++)
            {
                for (var o = 0; o < cout; o++)
                {
                    var sum = 0f;
                    for (var ky = 0; ky < k; ky++)
                    {
                        var iy = (oy * stride) + ky - pad;
                        for (var kx = 0; kx < k; kx++)
                        {
                            var ix = (ox * stride) + kx - pad;
                            if (iy < 0 || ix < 0 || iy >= x.Size || ix >= x.Size)
                            {
                                continue;
                            }

                            for (var i = 0; i < cin; i++)
                            {
                                sum += x[iy, ix, i] * filters.Values[(((((ky * k) + kx) * cin) + i) * cout) + o];
                            }
                        }
                    }

                    var v = ((sum + bias[o]) * scale[o]) + shift[o];
                    output[(((oy * size) + ox) * cout) + o] = relu ? Math.Max(0, v) : v;
                }
            }
        });
        return new Map(size, cout, output);
    }

    private static Map Pool(Map x, int k, int stride, bool max)
    {
        var size = ((x.Size - k) / stride) + 1;
        var output = new float[size * size * x.Channels];
        for (var y = 0; y < size; y++)
        {
            for (var z = 0; z < size; z++)
            {
                for (var c = 0; c < x.Channels; c++)
                {
                    var acc = max ? float.MinValue : 0f;
                    for (var i = 0; i < k; i++)
                    {
                        for (var j = 0; j < k; j++)
                        {
                            var v = x[(y * stride) + i, (z * stride) + j, c];
                            acc = max ? Math.Max(acc, v) : acc + (v / (k * k));
                        }
                    }

                    output[(((y * size) + z) * x.Channels) + c] = acc;
                }
            }
        }

        return new Map(size, x.Channels, output);
    }

    private static (string, int, int, int)[] Block(string name, int cin, int cout) => [($"{name}/conv1", cin, cout, 3), ($"{name}/conv2", cout, cout, 3)];
}
