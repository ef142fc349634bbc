namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>How the five landmarks map onto the template.</summary>
public enum AlignmentMethod
{
    /// <summary>Least-squares similarity over all five points (the product's aligner).</summary>
    Similarity5,

    /// <summary>An exact affine through both eyes and the nose tip (what faceplugin's JavaScript does).</summary>
    Affine3,

    /// <summary>Least-squares similarity over the 51 inner landmarks to their mean shape in the template's frame (<see cref="MeanShapeTemplate"/>).</summary>
    MeanShape,

    /// <summary>dlib's own 150x150 face chip: 33 of the 68 landmarks to dlib's mean face (what the FaceRecognition facade encodes).</summary>
    DlibChip,
}
