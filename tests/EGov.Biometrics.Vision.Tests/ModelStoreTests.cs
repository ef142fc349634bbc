using EGov.Biometrics.Vision.Models;
using EGov.Biometrics.Vision.Onnx;

namespace EGov.Biometrics.Vision.Tests;

[Collection(VisionCollection.Name)]
public sealed class ModelStoreTests(VisionFixture vision) : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("egov-models-");

    [Fact]
    public void Every_manifest_model_opens_and_matches_its_declared_tensors()
    {
        foreach (var model in vision.Store.Manifest.Models)
        {
            var opened = vision.Catalog.Open(model.Id);

            Assert.Equal(model.Inputs[0].Shape.Aggregate(1, (a, b) => a * b), opened.InputLength);
        }
    }

    [Fact]
    public void A_model_whose_checksum_differs_is_refused()
    {
        var detector = vision.Store.Manifest.ModelForTask("detector");
        var bytes = File.ReadAllBytes(vision.Store.ModelPath(detector));
        bytes[bytes.Length / 2] ^= 0xFF;
        File.WriteAllBytes(Path.Combine(_temp.FullName, detector.CacheFileName), bytes);
        var store = new ModelStore(vision.Store.Manifest, _temp.FullName);

        var error = Assert.Throws<InvalidDataException>(() => store.ModelPath(detector));
        Assert.Contains(detector.Sha256, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_store_of_bytes_serves_the_pipeline_and_checks_each_model_whenever_it_is_opened()
    {
        var bytes = vision.Store.Manifest.Models.ToDictionary(m => m.Id, m => File.ReadAllBytes(vision.Store.ModelPath(m)));
        var store = new ModelStore(vision.Store.Manifest, bytes);
        using (var catalog = new ModelCatalog(store))
        {
            var pipeline = Vision.Pipeline.FacePipeline.Create(catalog);
            var faces = pipeline.Analyze(vision.Sample(1).Bgr, new Vision.Pipeline.AnalysisOptions { Quality = false, Liveness = false });
            var expected = vision.Pipeline.Analyze(vision.Sample(1).Bgr, new Vision.Pipeline.AnalysisOptions { Quality = false, Liveness = false });
            Assert.Equal(expected.Count, faces.Count);
            Assert.Equal(expected[0].Embedding!.Vector, faces[0].Embedding!.Vector);
        }

        // The caller still holds the arrays: bytes altered after the store was made are refused when next opened.
        var detector = vision.Store.Manifest.ModelForTask("detector");
        bytes[detector.Id][bytes[detector.Id].Length / 2] ^= 0xFF;
        using var later = new ModelCatalog(store);
        Assert.Contains(detector.Sha256, Assert.Throws<InvalidDataException>(() => later.Open(detector.Id)).Message, StringComparison.Ordinal);

        Assert.Throws<InvalidOperationException>(() => store.ModelPath(detector));
        Assert.Throws<InvalidOperationException>(() => store.CachePath(detector));
        Assert.Throws<InvalidOperationException>(() => store.AssetPath("sample1"));
        Assert.Throws<InvalidOperationException>(() => vision.Store.ModelBytes(detector));
    }

    [Fact]
    public void A_missing_model_names_the_setup_step()
    {
        var store = new ModelStore(vision.Store.Manifest, _temp.FullName);

        var error = Assert.Throws<FileNotFoundException>(() => store.ModelPath(vision.Store.Manifest.ModelForTask("embedder")));
        Assert.Contains("./build.sh setup", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_manifest_that_misdescribes_a_model_is_refused()
    {
        var embedder = vision.Store.Manifest.ModelForTask("embedder");
        var wrong = embedder with { Inputs = [new TensorSpec("input", [1, 3, 128, 128])] };

        var error = Assert.Throws<InvalidDataException>(() => new OnnxModel(wrong, vision.Store.ModelPath(embedder), OnnxRuntimeOptions.Default));
        Assert.Contains("[1,3,112,112]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_models_and_classes_are_named_in_the_error()
    {
        Assert.Contains("no-such-model", Assert.Throws<KeyNotFoundException>(() => vision.Store.Manifest.Model("no-such-model")).Message, StringComparison.Ordinal);
        Assert.Contains("'blue'", Assert.Throws<InvalidDataException>(() => vision.Store.Manifest.ModelForTask("eye_state").ClassIndex("blue")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_manifest_pins_every_package_and_file()
    {
        var manifest = vision.Store.Manifest;

        Assert.All(manifest.Packages, p => Assert.StartsWith("sha512-", p.Integrity, StringComparison.Ordinal));
        Assert.All(manifest.Models, m => Assert.Matches("^[0-9a-f]{64}$", m.Sha256));
        Assert.All(manifest.Assets, a => Assert.Matches("^[0-9a-f]{64}$", a.Sha256));
        Assert.All(manifest.Models.Concat<object>(manifest.Assets), e =>
        {
            var package = e is ModelDescriptor m ? m.Package : ((AssetDescriptor)e).Package;
            Assert.Contains(manifest.Packages, p => p.Name == package);
        });
    }

    public void Dispose() => _temp.Delete(recursive: true);
}
