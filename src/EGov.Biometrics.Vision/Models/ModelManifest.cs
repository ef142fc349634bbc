using System.Text.Json;

namespace EGov.Biometrics.Vision.Models;

/// <summary>The parsed <c>models/manifest.json</c>: every model and test asset, where it comes from and how to feed it.</summary>
public sealed record ModelManifest(
    int Schema,
    IReadOnlyList<ModelPackage> Packages,
    IReadOnlyList<ModelDescriptor> Models,
    IReadOnlyList<AssetDescriptor> Assets)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public static ModelManifest Parse(string json) =>
        JsonSerializer.Deserialize<ModelManifest>(json, JsonOptions)
        ?? throw new InvalidDataException("The model manifest is empty.");

    public static ModelManifest Load(string path) => Parse(File.ReadAllText(path));

    public ModelDescriptor Model(string id) =>
        Models.FirstOrDefault(m => m.Id == id)
        ?? throw new KeyNotFoundException($"The model manifest has no model '{id}'.");

    public ModelDescriptor ModelForTask(string task) =>
        Models.FirstOrDefault(m => m.Task == task)
        ?? throw new KeyNotFoundException($"The model manifest has no model for task '{task}'.");
}
