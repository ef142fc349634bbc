using System.Collections.Concurrent;
using EGov.Biometrics.Service.Probes;
using EGov.Biometrics.Vision.Quality;

namespace EGov.Biometrics.Service.Tests;

/// <summary>A face pipeline whose answers a test scripts: an image's bytes name what the pipeline "finds" in it.</summary>
public sealed class ScriptedAnalyzer : IProbeAnalyzer
{
    private readonly ConcurrentDictionary<string, ResolvedProbe> _images = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, float[]> _crops = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Exception> _failures = new(StringComparer.Ordinal);

    /// <summary>An image that holds a face with this embedding, quality report and liveness score.</summary>
    public byte[] Image(string name, float[] embedding, QualityReport? quality = null, float liveness = 0.99f)
    {
        _images[name] = new ResolvedProbe(new FaceTemplate(embedding, Domain.Model), quality ?? Quality(), liveness);
        return System.Text.Encoding.UTF8.GetBytes(name);
    }

    /// <summary>An image that holds a face embedded by several embedders (the first the default), as a server serving them all sees it.</summary>
    public byte[] Image(string name, params FaceTemplate[] templates)
    {
        _images[name] = new ResolvedProbe(templates[0], Quality(), 0.99f, templates[1..]);
        return System.Text.Encoding.UTF8.GetBytes(name);
    }

    /// <summary>An image the decoder refuses (not an image format it reads).</summary>
    public byte[] Unreadable(string name)
    {
        _failures[name] = new Vision.Imaging.InvalidImageException(Vision.Imaging.ImageError.UnsupportedFormat, "The data is not a recognised image format.");
        return System.Text.Encoding.UTF8.GetBytes(name);
    }

    /// <summary>A photo of several people (the one-person rule refuses it).</summary>
    public byte[] Group(string name, int people)
    {
        _failures[name] = new FaceCountException(people, $"The photo shows {people} people.");
        return System.Text.Encoding.UTF8.GetBytes(name);
    }

    /// <summary>A quality report that passes every gate, or fails with these reasons.</summary>
    public static QualityReport Quality(params string[] failures) =>
        new(0.9f, 200, 80, 0.9f, 0.5f, 0.5f, new HeadPose(0, 0, 0), new EyeState(1, 1), failures.Select(f => new QualityFailure("test", f)).ToList());

    /// <summary>An aligned crop that embeds to this vector.</summary>
    public byte[] Crop(string name, float[] embedding)
    {
        _crops[name] = embedding;
        return System.Text.Encoding.UTF8.GetBytes(name);
    }

    /// <summary>What the script says the image holds; any other image shows no face.</summary>
    public ResolvedProbe AnalyzeImage(byte[] image)
    {
        var name = System.Text.Encoding.UTF8.GetString(image);
        return _images.TryGetValue(name, out var probe) ? probe
            : _failures.TryGetValue(name, out var failure) ? throw failure
            : throw new FaceCountException(0, "No face found in the image.");
    }

    public FaceTemplate EmbedAlignedCrop(string modelId, byte[] crop) =>
        _crops.TryGetValue(System.Text.Encoding.UTF8.GetString(crop), out var vector)
            ? new FaceTemplate(vector, modelId)
            : throw new Vision.Imaging.InvalidImageException(Vision.Imaging.ImageError.UnsupportedFormat, "The crop is not a recognised image format.");

    public bool EmbedsCrops(string modelId) => modelId == Domain.Model;
}
