using System.Globalization;
using EGov.Biometrics.Vision.Detection;

namespace EGov.Biometrics.Service.Probes;

/// <summary>
/// A photo to enrol, verify or identify shows one person. With several faces, which one is the citizen is a guess:
/// a two-face photo would enrol one of them silently, and a grid of twenty faces would verify whoever is in it.
/// A face smaller than <see cref="MaxBystanderShare"/> of the largest's area (a poster, someone far behind) is a
/// bystander and does not count.
/// </summary>
public static class OnePersonRule
{
    /// <summary>A second face with at least a quarter of the largest face's area (half its width) refuses the photo.</summary>
    public const float MaxBystanderShare = 0.25f;

    /// <summary>The one person's face, largest of <paramref name="faces"/>; refuses a photo with none or with several people.</summary>
    public static FaceDetection Subject(IReadOnlyCollection<FaceDetection> faces)
    {
        var bySize = faces.OrderByDescending(f => f.Box.Area).ToList();
        if (bySize.Count == 0)
        {
            throw new FaceCountException(0, "No face found in the image.");
        }

        var largest = bySize[0].Box.Area;
        var people = bySize.Count(f => f.Box.Area >= largest * MaxBystanderShare);
        if (people > 1)
        {
            throw new FaceCountException(people, string.Create(
                CultureInfo.InvariantCulture,
                $"The photo shows {people} people (faces at least {MaxBystanderShare:P0} of the largest's area): send a photo of the one person to enrol, verify or identify."));
        }

        return bySize[0];
    }
}
