namespace EGov.Biometrics.Console.Tests;

/// <summary>The console tests share one running site (starting it costs seconds); each test opens its own browser context.</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleSite>
{
    public const string Name = "console-site";
}
