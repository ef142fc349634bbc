using System.Text.Json.Serialization;

namespace EGov.Biometrics.Vision.Models;

/// <summary>How an image becomes a model's input tensor: (pixel − mean) × scale per channel.</summary>
/// <param name="Layout">Tensor layout (NCHW).</param>
/// <param name="Channels">RGB, BGR or GRAY.</param>
/// <param name="Mean">Per-channel mean.</param>
/// <param name="Scale">Per-channel scale.</param>
/// <param name="CropScale">For a context model, the crop's size as a multiple of the face box.</param>
public sealed record Preprocessing(
    string Layout,
    string Channels,
    IReadOnlyList<float> Mean,
    IReadOnlyList<float> Scale,
    [property: JsonPropertyName("crop_scale")] float? CropScale = null);
