namespace EGov.Biometrics.Service.Galleries;

/// <summary>How many of a gallery's shards answered a search, of how many it has (a single node: 1 of 1).</summary>
public readonly record struct ShardCount(int Answered, int Total)
{
    public static readonly ShardCount Single = new(1, 1);

    public override string ToString() => $"{Answered}/{Total}";
}
