namespace EGov.Biometrics.Vision.Models;

/// <summary>What <see cref="FaceModels.EnsureAsync(string, FaceModelsOptions, CancellationToken)"/> fetches, and from where.</summary>
public sealed record FaceModelsOptions
{
    /// <summary>The public npm registry.</summary>
    public static Uri NpmRegistry { get; } = new("https://registry.npmjs.org/");

    /// <summary>The registry the packages are downloaded from (a mirror may stand in for npm's).</summary>
    public Uri Registry { get; init; } = NpmRegistry;

    /// <summary>The manifest that names the models and pins their hashes (default: the one built into this library).</summary>
    public ModelManifest? Manifest { get; init; }

    /// <summary>The models to fetch, by manifest id (default: <see cref="FaceModels.FaceRecognitionModels"/>).</summary>
    public IReadOnlyList<string>? ModelIds { get; init; }

    /// <summary>Also fetch the manifest's test assets (sample photos).</summary>
    public bool Assets { get; init; }

    /// <summary>The HTTP client to download with (default: a new one, disposed afterwards).</summary>
    public HttpClient? Http { get; init; }

    /// <summary>Receives a line for each package downloaded and each model converted.</summary>
    public IProgress<string>? Progress { get; init; }
}
