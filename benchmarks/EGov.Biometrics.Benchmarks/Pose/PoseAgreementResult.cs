using System.Text.Json.Serialization;

namespace EGov.Biometrics.Benchmarks.Pose;

/// <summary>The landmark pose against the pose model: per angle, the gate decision, the time of each (ms per face), and the cascades fitted on one half of the faces and replayed on the other.</summary>
public sealed record PoseAgreementResult(
    [property: JsonPropertyName("set")] string Set,
    [property: JsonPropertyName("faces")] int Faces,
    [property: JsonPropertyName("yaw")] AngleAgreement Yaw,
    [property: JsonPropertyName("pitch")] AngleAgreement Pitch,
    [property: JsonPropertyName("roll")] AngleAgreement Roll,
    [property: JsonPropertyName("within_tolerance")] double WithinTolerance,
    [property: JsonPropertyName("gate_agreement")] double GateAgreement,
    [property: JsonPropertyName("model_passes_gates")] double ModelPassesGates,
    [property: JsonPropertyName("landmark_pose_ms")] double LandmarkPoseMs,
    [property: JsonPropertyName("model_pose_ms")] double ModelPoseMs,
    [property: JsonPropertyName("held_out_faces")] int HeldOutFaces,
    [property: JsonPropertyName("cascades")] IReadOnlyList<CascadeAgreement> Cascades);
