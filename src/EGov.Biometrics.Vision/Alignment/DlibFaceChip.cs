using System.Numerics;

namespace EGov.Biometrics.Vision.Alignment;

/// <summary>
/// dlib's face chip (<c>get_face_chip_details</c>, as its documentation describes it): the 68-point mean face of
/// dlib's shape model, its points 17–67 without the eyebrows (17–26) and the lower lip (55–59, 65–67), placed in a
/// square chip of <c>size</c> pixels with <c>padding</c> times the face's extent added on every side; the image's
/// landmarks are fitted to those 33 points by a least-squares similarity. dlib's face descriptor takes 150x150
/// chips with padding 0.25.
/// </summary>
internal static class DlibFaceChip
{
    public const int DescriptorSize = 150;

    public const double DescriptorPadding = 0.25;

    // dlib's mean face shape for landmarks 17–67, in [0, 1] of the face's extent (public data of dlib's shape model).
    private static readonly double[] MeanX =
    [
        0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124, 0.904991, 0.98004,
        0.490127, 0.490127, 0.490127, 0.490127, 0.36688, 0.426036, 0.490127, 0.554217, 0.613373, 0.121737,
        0.187122, 0.265825, 0.334606, 0.260918, 0.182743, 0.645647, 0.714428, 0.793132, 0.858516, 0.79751,
        0.719335, 0.254149, 0.340985, 0.428858, 0.490127, 0.551395, 0.639268, 0.726104, 0.642159, 0.556721,
        0.490127, 0.423532, 0.338094, 0.290379, 0.428096, 0.490127, 0.552157, 0.689874, 0.553364, 0.490127, 0.42689,
    ];

    private static readonly double[] MeanY =
    [
        0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891, 0.0187482, 0.038915, 0.106454,
        0.203352, 0.307009, 0.409805, 0.515625, 0.587326, 0.609345, 0.628106, 0.609345, 0.587326, 0.216423,
        0.178758, 0.179852, 0.231733, 0.245099, 0.244077, 0.231733, 0.179852, 0.178758, 0.216423, 0.244077,
        0.245099, 0.780233, 0.745405, 0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805, 0.902192,
        0.909281, 0.902192, 0.864805, 0.784792, 0.778746, 0.785343, 0.778746, 0.784792, 0.824182, 0.831803, 0.824182,
    ];

    /// <summary>The landmarks (of 68) that the chip is fitted to.</summary>
    public static IReadOnlyList<int> Indices { get; } =
        [.. Enumerable.Range(17, 51).Where(i => i is not (>= 17 and <= 26) and not (>= 55 and <= 59) and not (>= 65 and <= 67))];

    /// <summary>Where <see cref="Indices"/> lie in a chip of <paramref name="size"/> pixels with <paramref name="padding"/>.</summary>
    public static AlignmentTemplate Template(int size = DescriptorSize, double padding = DescriptorPadding) =>
        new(size, size, [.. Indices.Select(i => new Vector2(
            (float)((padding + MeanX[i - 17]) / ((2 * padding) + 1) * size),
            (float)((padding + MeanY[i - 17]) / ((2 * padding) + 1) * size)))]);

    /// <summary>The image landmarks, among 68, that <see cref="Template"/> expects, in its order.</summary>
    public static IReadOnlyList<Vector2> Select(IReadOnlyList<Vector2> points68)
    {
        if (points68.Count != 68)
        {
            throw new ArgumentException($"dlib's face chip needs 68 landmarks, got {points68.Count}.", nameof(points68));
        }

        return [.. Indices.Select(i => points68[i])];
    }
}
