namespace EGov.Biometrics.Vision.Tests;

[CollectionDefinition(Name)]
public sealed class VisionCollection : ICollectionFixture<VisionFixture>
{
    public const string Name = "vision";
}
