using System.Text.Json.Serialization;

namespace EGov.Biometrics.Vision.Models;

public sealed record Preprocessing(
    string Layout,
    string Channels,
    IReadOnlyList<float> Mean,
    IReadOnlyList<float> Scale,
    [property: JsonPropertyName("crop_scale")] float? CropScale = null);
