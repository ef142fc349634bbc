using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Models;
using EGov.Biometrics.Vision.Onnx;
using EGov.Biometrics.Vision.Pipeline;

namespace EGov.Biometrics.Vision.Tests;

/// <summary>The models and the six face-api test photos, loaded once for every test that needs them.</summary>
public sealed class VisionFixture : IDisposable
{
    /// <summary>Faces in sample1 … sample6, as counted by a person.</summary>
    public static readonly int[] ExpectedFaces = [3, 3, 3, 4, 5, 4];

    private readonly Dictionary<int, DecodedImage> _samples = [];

    public VisionFixture()
    {
        Store = ModelStore.Discover();
        Catalog = new ModelCatalog(Store);
        Pipeline = FacePipeline.Create(Catalog);
    }

    public ModelStore Store { get; }

    public ModelCatalog Catalog { get; }

    public FacePipeline Pipeline { get; }

    public byte[] SampleBytes(int index) => File.ReadAllBytes(Store.AssetPath($"sample{index}"));

    /// <summary>A decoded sample photo; shared, so callers must not modify or dispose it.</summary>
    public DecodedImage Sample(int index)
    {
        lock (_samples)
        {
            if (!_samples.TryGetValue(index, out var image))
            {
                image = ImageDecoder.Decode(SampleBytes(index));
                _samples[index] = image;
            }

            return image;
        }
    }

    public void Dispose()
    {
        foreach (var image in _samples.Values)
        {
            image.Dispose();
        }

        Catalog.Dispose();
    }
}
