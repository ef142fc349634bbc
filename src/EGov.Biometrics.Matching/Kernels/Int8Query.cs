namespace EGov.Biometrics.Matching.Kernels;

/// <summary>
/// A query prepared once per search for the int8 kernels: its int8 values, their magnitudes (the unsigned
/// operand of vpmaddubsw) and their sum (the offset vpdpbusd's unsigned operand adds), so the scan does no
/// per-query work per row.
/// </summary>
public readonly struct Int8Query
{
    private readonly sbyte[]? _values;
    private readonly byte[]? _magnitudes;

    /// <summary>Quantises <paramref name="vector"/> like a gallery row (symmetric, values in [-127, 127]).</summary>
    public Int8Query(ReadOnlySpan<float> vector)
        : this(Quantized(vector, out var scale), scale)
    {
    }

    /// <summary>A query already in int8, values in [-127, 127], with its scale.</summary>
    public Int8Query(ReadOnlySpan<sbyte> quantized, float scale)
    {
        _values = quantized.ToArray();
        _magnitudes = new byte[quantized.Length];
        var sum = 0;
        for (var i = 0; i < quantized.Length; i++)
        {
            // -128 has no positive twin: its magnitude would overflow the sign trick's 16-bit pair sums.
            var v = quantized[i] == sbyte.MinValue
                ? throw new ArgumentOutOfRangeException(nameof(quantized), $"Value {i} is -128; int8 queries hold [-127, 127].")
                : quantized[i];
            _magnitudes[i] = (byte)Math.Abs(v);
            sum += v;
        }

        Sum = sum;
        Scale = scale;
    }

    public int Length => _values?.Length ?? 0;

    /// <summary>The float value of one int8 step: query ≈ values × scale.</summary>
    public float Scale { get; }

    public ReadOnlySpan<sbyte> Values => _values;

    internal ReadOnlySpan<byte> Magnitudes => _magnitudes;

    internal int Sum { get; }

    private static sbyte[] Quantized(ReadOnlySpan<float> vector, out float scale)
    {
        var values = new sbyte[vector.Length];
        scale = Int8Kernels.Quantize(vector, values);
        return values;
    }
}
