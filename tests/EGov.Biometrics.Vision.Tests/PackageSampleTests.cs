using System.Diagnostics;
using EGov.Biometrics.Vision.Models;
using Xunit.Abstractions;

namespace EGov.Biometrics.Vision.Tests;

/// <summary>
/// The library as a user gets it: <c>dotnet pack</c> makes the package, and samples/FaceCompare, built against that
/// package from a local feed (a PackageReference, restored offline from the NuGet cache for everything else), tells a
/// second photo of one person from a stranger's.
/// </summary>
public sealed class PackageSampleTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("egov-package-sample-");

    // A version of its own per run, so the NuGet cache never hands back a package packed from older code.
    private readonly string _version = $"1.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmssfff}";

    public void Dispose()
    {
        _work.Delete(recursive: true);
        var cached = Path.Combine(
            Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
            "egov.biometrics.vision",
            _version);
        if (Directory.Exists(cached))
        {
            Directory.Delete(cached, recursive: true);
        }
    }

    [Fact]
    public void The_sample_built_against_the_packed_library_tells_the_same_person_from_a_stranger()
    {
        var root = RepositoryRoot();
        var feed = Directory.CreateDirectory(Path.Combine(_work.FullName, "feed")).FullName;
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";

        // The library was built with this test project; pack what was built.
        Run(root, "dotnet", "pack", Path.Combine(root, "src", "EGov.Biometrics.Vision"), "-c", configuration, "--no-build", "-o", feed, $"-p:Version={_version}", "-nologo", "-v", "quiet");
        var package = Path.Combine(feed, $"EGov.Biometrics.Vision.{_version}.nupkg");
        Assert.True(File.Exists(package), $"no {package}");
        using (var zip = System.IO.Compression.ZipFile.OpenRead(package))
        {
            var entries = zip.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("README.md", entries);
            Assert.Contains("lib/net10.0/EGov.Biometrics.Vision.xml", entries);
            Assert.Contains("lib/net10.0/EGov.Biometrics.ModelConversion.dll", entries);
            Assert.DoesNotContain(entries, e => e.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) || e.EndsWith(".bin", StringComparison.OrdinalIgnoreCase));
        }

        var samples = Path.Combine(_work.FullName, "samples");
        CopyFolder(Path.Combine(root, "samples"), samples);
        File.WriteAllText(Path.Combine(samples, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        var project = Path.Combine(samples, "FaceCompare");
        Run(project, "dotnet", "build", project, "-c", "Release", $"-p:EGovVisionVersion={_version}", "-nologo", "-v", "quiet");
        var sample = Path.Combine(project, "bin", "Release", "net10.0", "FaceCompare.dll");

        var store = ModelStore.Discover();
        var genuine = Run(project, "dotnet", sample, store.AssetPath("sample1"), store.AssetPath("sample3"), store.CacheDirectory);
        var stranger = Run(project, "dotnet", sample, store.AssetPath("sample1"), store.AssetPath("sample5"), store.CacheDirectory);

        // sample3's largest face is a second photo of sample1's; sample5's is someone else.
        Assert.Matches(@"sample1\.jpg: 3 face\(s\), largest at Location \{ Left = \d+", genuine);
        Assert.Matches(@"distance 0\.\d+: same person", genuine);
        Assert.Matches(@"sample5\.jpg: 5 face\(s\)", stranger);
        Assert.Matches(@"distance 0\.\d+: different person", stranger);
    }

    private string Run(string directory, string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(8)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish in 8 minutes.");
        }

        var text = stdout.Result + stderr.Result;
        output.WriteLine($"$ {file} {string.Join(' ', arguments)}\n{text}");
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{text}");
        return text;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EGov.Biometrics.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No EGov.Biometrics.sln above {AppContext.BaseDirectory}.");
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
