namespace EGov.Biometrics.Edge.Sources;

/// <summary>
/// The state of a camera for health reports: since when, and while reconnecting, the error that caused it,
/// how many tries have failed in a row and how long until the next one.
/// </summary>
public sealed record CameraState(CameraStatus Status, DateTimeOffset Since, Exception? LastError = null, int FailedAttempts = 0, TimeSpan RetryIn = default)
{
    public static CameraState Opening(DateTimeOffset since) => new(CameraStatus.Opening, since);

    public static CameraState Streaming(DateTimeOffset since) => new(CameraStatus.Streaming, since);

    public static CameraState Reconnecting(DateTimeOffset since, Exception lastError, int failedAttempts, TimeSpan retryIn) =>
        new(CameraStatus.Reconnecting, since, lastError, failedAttempts, retryIn);

    public static CameraState Ended(DateTimeOffset since) => new(CameraStatus.Ended, since);
}
