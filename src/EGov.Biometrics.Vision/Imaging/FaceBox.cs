namespace EGov.Biometrics.Vision.Imaging;

/// <summary>An axis-aligned box in image pixels.</summary>
public readonly record struct FaceBox(float X, float Y, float Width, float Height)
{
    /// <summary>X one past the box.</summary>
    public float Right => X + Width;

    /// <summary>Y one past the box.</summary>
    public float Bottom => Y + Height;

    /// <summary>X of the centre.</summary>
    public float CenterX => X + (Width / 2);

    /// <summary>Y of the centre.</summary>
    public float CenterY => Y + (Height / 2);

    /// <summary>Area in square pixels (0 for an empty box).</summary>
    public float Area => Math.Max(0, Width) * Math.Max(0, Height);

    /// <summary>A square of side <paramref name="side"/> with the same centre.</summary>
    public FaceBox SquareAround(float side) => new(CenterX - (side / 2), CenterY - (side / 2), side, side);

    /// <summary>Intersection over union with another box, in [0, 1].</summary>
    public float IntersectionOverUnion(FaceBox other)
    {
        var w = Math.Min(Right, other.Right) - Math.Max(X, other.X);
        var h = Math.Min(Bottom, other.Bottom) - Math.Max(Y, other.Y);
        if (w <= 0 || h <= 0)
        {
            return 0;
        }

        var intersection = w * h;
        return intersection / (Area + other.Area - intersection);
    }
}
