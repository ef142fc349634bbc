using EGov.Biometrics.Benchmarks.Accuracy;

namespace EGov.Biometrics.Benchmarks.Tests;

public sealed class OpenSetIdentificationTests
{
    [Fact]
    public void Distinct_identities_are_identified_and_strangers_rejected()
    {
        // 30 people with 3 images each (one-hot identities with a little noise), 10 single-image distractors.
        var (people, embeddings) = SyntheticIdentities.Create(multi: 30, singles: 10, dimension: 64);

        var result = OpenSetIdentification.Evaluate(people, embeddings);

        Assert.Equal(27, result.GallerySubjects); // every tenth multi-image person is held back
        Assert.Equal(10, result.Distractors);
        Assert.Equal(27 * 2, result.MatedProbes);
        Assert.Equal(3 * 3, result.NonMatedProbes);
        Assert.Equal(1.0, result.Rank1);
        Assert.Equal(0.0, result.FnirAtFpir1e2);
    }

    [Fact]
    public void Indistinguishable_people_fail_identification()
    {
        var people = Enumerable.Range(0, 20).ToDictionary(p => $"p{p:D2}", p => (IReadOnlyList<string>)[$"p{p:D2}_0", $"p{p:D2}_1"]);
        var embeddings = people.Values.SelectMany(v => v).ToDictionary(i => i, _ => new[] { 1f, 0f });

        var result = OpenSetIdentification.Evaluate(people, embeddings);

        Assert.True(result.FnirAtFpir1e2 > 0.9, $"FNIR {result.FnirAtFpir1e2}");
    }
}
