using System.Numerics;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Alignment;

/// <summary>Warps a face so that its five landmarks fall on a template.</summary>
public interface IFaceAligner
{
    /// <summary>Warps <paramref name="bgr"/> so that <paramref name="points5"/> land on the template's points; the caller disposes the crop.</summary>
    internal AlignedFaceCrop Align(Mat bgr, IReadOnlyList<Vector2> points5, AlignmentTemplate template);
}
