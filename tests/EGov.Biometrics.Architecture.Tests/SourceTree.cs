namespace EGov.Biometrics.Architecture.Tests;

/// <summary>The repository's source files, found from the test's output folder by walking up to the solution.</summary>
internal static class SourceTree
{
    public static readonly string Root = FindRoot();

    /// <summary>Every C# source file under <paramref name="folder"/> (relative to the root), build outputs excluded.</summary>
    public static IEnumerable<string> CSharpFiles(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Root, folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    public static string Relative(string path) => Path.GetRelativePath(Root, path);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EGov.Biometrics.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("EGov.Biometrics.sln not found above the test's folder.");
    }
}
