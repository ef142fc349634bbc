namespace EGov.Biometrics.Vision.Imaging;

/// <summary>An axis-aligned box in image pixels.</summary>
public readonly record struct FaceBox(float X, float Y, float Width, float Height)
{
    public float Right => X + Width;

    public float Bottom => Y + Height;

    public float CenterX => X + (Width / 2);

    public float CenterY => Y + (Height / 2);

    public float Area => Math.Max(0, Width) * Math.Max(0, Height);

    /// <summary>A square of side <paramref name="side"/> with the same centre.</summary>
    public FaceBox SquareAround(float side) => new(CenterX - (side / 2), CenterY - (side / 2), side, side);

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
