namespace EGov.Biometrics.Vision.Quality;

/// <summary>Where the quality assessment takes the head pose from.</summary>
public enum PoseSource
{
    /// <summary>
    /// PnP of the 68 landmarks against a mean 3-D face (<see cref="LandmarkPoseEstimator"/>, about 0.1 ms, no model run)
    /// where it is inside every pose gate by its stated tolerance; nearer a limit or past it, the pose model's, so a
    /// face is turned away by the gates only on the pose model's word.
    /// </summary>
    Landmarks,

    /// <summary>The pose model (HopeNet, a 224x224 crop): one more model run per face, the reference the landmark pose is measured against.</summary>
    Model,
}
