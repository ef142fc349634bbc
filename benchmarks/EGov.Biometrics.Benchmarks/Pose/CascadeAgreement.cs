using System.Text.Json.Serialization;
using EGov.Biometrics.Vision.Quality;

namespace EGov.Biometrics.Benchmarks.Pose;

/// <summary>
/// One cascade (per-angle maps of the landmark pose, tolerance) on the held-out half of the faces: residuals after the
/// maps, how often its gate decision equals the pose model's, and the share of faces the landmark pose decided alone.
/// </summary>
public sealed record CascadeAgreement(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("yaw_map")] AngleMap YawMap,
    [property: JsonPropertyName("pitch_map")] AngleMap PitchMap,
    [property: JsonPropertyName("roll_map")] AngleMap RollMap,
    [property: JsonPropertyName("tolerance")] HeadPose Tolerance,
    [property: JsonPropertyName("yaw")] AngleAgreement Yaw,
    [property: JsonPropertyName("pitch")] AngleAgreement Pitch,
    [property: JsonPropertyName("roll")] AngleAgreement Roll,
    [property: JsonPropertyName("gate_agreement")] double GateAgreement,
    [property: JsonPropertyName("landmarks_decide")] double LandmarksDecide);
