using EGov.Biometrics.Benchmarks.Matching;
using EGov.Biometrics.Contracts.V1;
using Grpc.Core;

namespace EGov.Biometrics.Benchmarks.Cluster;

/// <summary>
/// Subjects with real-ish templates (<see cref="SyntheticTemplates"/>: 512-D unit vectors in clusters, as face
/// embeddings are; probes are noisy copies), enrolled as templates by an administrator, as a migration loads them.
/// Cluster-mates can score above the duplicate threshold, so enrolments flag possible duplicates instead of refusing them.
/// </summary>
public static class SyntheticSubjects
{
    public const string Model = "faceplugin-arcface-r512";

    private static readonly SyntheticTemplates Templates = new(512, seed: 15);

    public static string Pinfl(int subject) => $"7{subject:D13}";

    public static EnrollRequest Enrolment(int subject) => new()
    {
        Pinfl = Pinfl(subject),
        Probes = { Template(Templates.Template(subject)) },
        DuplicatePolicy = DuplicatePolicy.Flag,
    };

    public static IdentifyRequest Identification(int subject, int draw, int k = 10) => new() { Probe = Template(Templates.Probe(subject, draw, 0.5f)), K = k };

    public static VerifyRequest Verification(int subject, int draw) => new() { Pinfl = Pinfl(subject), Probe = Template(Templates.Probe(subject, draw, 0.5f)) };

    /// <summary>Enrols subjects [from, to) through one front end, a few at a time.</summary>
    public static async Task EnrolAsync(Enrollment.EnrollmentClient client, Metadata caller, int from, int to, int concurrency = 8)
    {
        using var throttle = new SemaphoreSlim(concurrency);
        await Task.WhenAll(Enumerable.Range(from, to - from).Select(async subject =>
        {
            await throttle.WaitAsync();
            try
            {
                await client.EnrollAsync(Enrolment(subject), caller);
            }
            finally
            {
                throttle.Release();
            }
        }));
    }

    private static Probe Template(float[] vector) => new() { Template = new Template { ModelId = Model, Vector = { vector } } };
}
