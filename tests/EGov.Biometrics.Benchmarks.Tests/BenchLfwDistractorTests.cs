namespace EGov.Biometrics.Benchmarks.Tests;

public sealed class BenchLfwDistractorTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("egov-lfw-distractors-");

    [Fact]
    public void A_negative_distractor_count_is_refused_by_name()
    {
        var dataset = TinyLfwFolder.Write(Path.Combine(_temp.FullName, "lfw"), multi: 2, singles: 1);

        var (exit, _, error) = BenchRunner.Run("lfw", "--dataset", dataset, "--distractors", "-5");

        Assert.NotEqual(0, exit);
        Assert.Contains("--distractors -5", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Distractors_with_the_portrait_variant_are_refused()
    {
        var dataset = TinyLfwFolder.Write(Path.Combine(_temp.FullName, "lfw"), multi: 2, singles: 1);

        var (exit, _, error) = BenchRunner.Run("lfw", "--dataset", dataset, "--distractors", "10", "--variant", "portrait");

        Assert.NotEqual(0, exit);
        Assert.Contains("--distractors measures the original images", error, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Delete(recursive: true);
}
