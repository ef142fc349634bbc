using System.Numerics;

namespace EGov.Biometrics.Vision.Alignment;

/// <summary>
/// A 2-D similarity (rotation, uniform scale, translation) as the 2x3 matrix
/// [a -b tx; b a ty]. <see cref="Estimate"/> is the least-squares fit of Umeyama (1991), without reflection.
/// </summary>
public readonly record struct SimilarityTransform(double A, double B, double Tx, double Ty)
{
    /// <summary>The uniform scale factor.</summary>
    public double Scale => Math.Sqrt((A * A) + (B * B));

    /// <summary>The rotation, in degrees.</summary>
    public double RotationDegrees => Math.Atan2(B, A) * 180 / Math.PI;

    /// <summary>Maps a point.</summary>
    public Vector2 Apply(Vector2 p) =>
        new((float)((A * p.X) - (B * p.Y) + Tx), (float)((B * p.X) + (A * p.Y) + Ty));

    /// <summary>The 2x3 matrix [a -b tx; b a ty].</summary>
    public double[,] ToMatrix() => new[,] { { A, -B, Tx }, { B, A, Ty } };

    /// <summary>The similarity that maps <paramref name="source"/> onto <paramref name="target"/> with the least squared error.</summary>
    public static SimilarityTransform Estimate(IReadOnlyList<Vector2> source, IReadOnlyList<Vector2> target)
    {
        if (source.Count != target.Count || source.Count < 2)
        {
            throw new ArgumentException($"Need two or more matching point pairs, got {source.Count} and {target.Count}.");
        }

        var n = source.Count;
        double msx = 0, msy = 0, mtx = 0, mty = 0;
        for (var i = 0; i < n; i++)
        {
            msx += source[i].X;
            msy += source[i].Y;
            mtx += target[i].X;
            mty += target[i].Y;
        }

        (msx, msy, mtx, mty) = (msx / n, msy / n, mtx / n, mty / n);

        // For a similarity, the SVD of the 2x2 covariance reduces to two sums:
        // dot = sum(s·t), cross = sum(s×t) over centred points, and var = sum|s|².
        double dot = 0, cross = 0, variance = 0;
        for (var i = 0; i < n; i++)
        {
            var sx = source[i].X - msx;
            var sy = source[i].Y - msy;
            var tx = target[i].X - mtx;
            var ty = target[i].Y - mty;
            dot += (sx * tx) + (sy * ty);
            cross += (sx * ty) - (sy * tx);
            variance += (sx * sx) + (sy * sy);
        }

        if (variance < 1e-12)
        {
            throw new ArgumentException("The source points coincide; no transform is defined.", nameof(source));
        }

        var a = dot / variance;
        var b = cross / variance;
        return new SimilarityTransform(a, b, mtx - ((a * msx) - (b * msy)), mty - ((b * msx) + (a * msy)));
    }
}
