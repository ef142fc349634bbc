using System.Text.RegularExpressions;

namespace EGov.Biometrics.Architecture.Tests;

/// <summary>Structural rules a reviewer would otherwise check by hand on every change.</summary>
public sealed partial class SourceRulesTests
{
    private static readonly string[] ProductFolders = ["src", "edge-agent", "benchmarks"];

    [Fact]
    public void Every_source_file_declares_one_top_level_type_named_after_the_file()
    {
        var offenders = ProductFolders.SelectMany(SourceTree.CSharpFiles)
            .Select(file => (File: SourceTree.Relative(file), Types: TopLevelType().Matches(File.ReadAllText(file)).Select(m => m.Groups["name"].Value).ToList()))
            .Where(f => f.Types.Count > 1 || (f.Types.Count == 1 && f.Types[0] != Path.GetFileNameWithoutExtension(f.File)))
            .Select(f => $"{f.File}: {string.Join(", ", f.Types)}")
            .ToList();

        Assert.True(offenders.Count == 0, "Files with several types, or named after another type:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void The_server_reaches_storage_only_where_it_is_composed()
    {
        var server = Path.Combine("src", "EGov.Biometrics.Server");
        var hosting = Path.Combine(server, "Hosting") + Path.DirectorySeparatorChar;
        var offenders = SourceTree.CSharpFiles(server)
            .Where(f => !SourceTree.Relative(f).StartsWith(hosting, StringComparison.Ordinal))
            .Where(f => File.ReadAllText(f).Contains("Registry.", StringComparison.Ordinal))
            .Select(SourceTree.Relative)
            .ToList();

        Assert.True(offenders.Count == 0, "Server code outside Hosting/ that names the registry:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void No_project_compiles_another_projects_files_by_link()
    {
        var linked = Directory.EnumerateFiles(SourceTree.Root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => LinkedCompile().IsMatch(File.ReadAllText(p)))
            .Select(SourceTree.Relative)
            .ToList();

        Assert.Empty(linked);
    }

    [GeneratedRegex(@"^(?:public|internal)\s+(?:(?:sealed|static|abstract|readonly|partial|record|file)\s+)*(?:class|record|struct|enum|interface)\s+(?<name>\w+)", RegexOptions.Multiline)]
    private static partial Regex TopLevelType();

    [GeneratedRegex(@"<Compile\s+Include=""[^""]*\.\.[\\/]", RegexOptions.IgnoreCase)]
    private static partial Regex LinkedCompile();
}
