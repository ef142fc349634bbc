using EGov.Biometrics.ModelConversion.Tfjs;

namespace EGov.Biometrics.ModelConversion.Tests;

public sealed class TfjsWeightMapTests
{
    private const string Manifest = """
        [{"paths":["w.bin"],"weights":[
          {"name":"q","shape":[2,2],"dtype":"float32","quantization":{"dtype":"uint8","scale":0.5,"min":-1}},
          {"name":"f","shape":[2],"dtype":"float32"}]}]
        """;

    [Fact]
    public void Dequantises_uint8_weights_and_reads_raw_floats_in_order()
    {
        byte[] shard = [0, 1, 2, 255, .. BitConverter.GetBytes(1.5f), .. BitConverter.GetBytes(-2.25f)];

        var weights = TfjsWeightMap.Load(Manifest, name => name == "w.bin" ? shard : throw new FileNotFoundException(name));

        Assert.Equal([-1f, -0.5f, 0f, 126.5f], weights["q"].Values);
        Assert.Equal([2, 2], weights["q"].Shape);
        Assert.Equal([1.5f, -2.25f], weights["f"].Values);
    }

    [Fact]
    public void A_short_shard_is_refused()
    {
        var error = Assert.Throws<InvalidDataException>(() => TfjsWeightMap.Load(Manifest, _ => [0, 1, 2, 3, 0, 0]));
        Assert.Contains("needs 12", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_shard_is_refused()
    {
        var error = Assert.Throws<InvalidDataException>(() => TfjsWeightMap.Load(Manifest, _ => new byte[13]));
        Assert.Contains("13 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_tensors_are_named()
    {
        var weights = TfjsWeightMap.Load(Manifest, _ => new byte[12]);

        Assert.Contains("'missing'", Assert.Throws<KeyNotFoundException>(() => weights["missing"]).Message, StringComparison.Ordinal);
    }
}
