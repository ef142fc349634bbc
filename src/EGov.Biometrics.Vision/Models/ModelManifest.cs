using System.Text.Json;

namespace EGov.Biometrics.Vision.Models;

/// <summary>The parsed <c>models/manifest.json</c>: every model and test asset, where it comes from and how to feed it.</summary>
public sealed record ModelManifest(
    int Schema,
    IReadOnlyList<ModelPackage> Packages,
    IReadOnlyList<ModelDescriptor> Models,
    IReadOnlyList<AssetDescriptor> Assets,
    FusionSpec? Fusion = null)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>Parses manifest JSON (snake_case names, comments allowed).</summary>
    public static ModelManifest Parse(string json) =>
        JsonSerializer.Deserialize<ModelManifest>(json, JsonOptions)
        ?? throw new InvalidDataException("The model manifest is empty.");

    /// <summary>Reads the manifest file at <paramref name="path"/>.</summary>
    public static ModelManifest Load(string path) => Parse(File.ReadAllText(path));

    /// <summary>The manifest this assembly was built with (models/manifest.json, embedded): what a library user's models must match.</summary>
    public static ModelManifest Embedded => EmbeddedManifest.Value;

    private static readonly Lazy<ModelManifest> EmbeddedManifest = new(() =>
    {
        using var stream = typeof(ModelManifest).Assembly.GetManifestResourceStream("EGov.Biometrics.Vision.manifest.json")
            ?? throw new InvalidOperationException("The model manifest is not embedded in EGov.Biometrics.Vision.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    });

    /// <summary>The model with this id, or <see cref="KeyNotFoundException"/>.</summary>
    public ModelDescriptor Model(string id) =>
        Models.FirstOrDefault(m => m.Id == id)
        ?? throw new KeyNotFoundException($"The model manifest has no model '{id}'.");

    /// <summary>The first (default) model for a task such as <c>detector</c>, <c>landmarks</c> or <c>embedder</c>.</summary>
    public ModelDescriptor ModelForTask(string task) =>
        Models.FirstOrDefault(m => m.Task == task)
        ?? throw new KeyNotFoundException($"The model manifest has no model for task '{task}'.");
}
