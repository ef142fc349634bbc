using System.Numerics;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Alignment;

/// <summary>Warps a face so that its five landmarks fall on a template.</summary>
public interface IFaceAligner
{
    AlignedFaceCrop Align(Mat bgr, IReadOnlyList<Vector2> points5, AlignmentTemplate template);
}
