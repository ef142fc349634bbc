using EGov.Biometrics.Edge.TestSupport;

namespace EGov.Biometrics.Edge.Tests;

/// <summary>
/// The tests that share one <see cref="EdgeVisionFixture"/>. xUnit finds collection definitions only in the
/// test assembly itself, so each test project that uses the fixture declares this class.
/// </summary>
[CollectionDefinition(Name)]
public sealed class EdgeVisionCollection : ICollectionFixture<EdgeVisionFixture>
{
    public const string Name = "edge-vision";
}
