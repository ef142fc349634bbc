namespace EGov.Biometrics.Vision.Quality;

/// <summary>Head rotation in degrees: yaw (left/right), pitch (up/down), roll (in-plane tilt).</summary>
public readonly record struct HeadPose(float Yaw, float Pitch, float Roll);
