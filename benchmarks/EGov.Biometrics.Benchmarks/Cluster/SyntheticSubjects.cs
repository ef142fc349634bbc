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

    /// <summary>
    /// Enrols subjects [from, to) in batches of 32 (EnrollBatch, as a bulk import loads a registry), a few batches at a
    /// time; a refused item fails the seeding with its message.
    /// </summary>
    public static async Task EnrolInBatchesAsync(Enrollment.EnrollmentClient client, Metadata caller, int from, int to, int concurrency)
    {
        using var throttle = new SemaphoreSlim(concurrency);
        await Task.WhenAll(Enumerable.Range(0, ((to - from) + 31) / 32).Select(async batch =>
        {
            await throttle.WaitAsync();
            try
            {
                var request = new EnrollBatchRequest { DuplicatePolicy = DuplicatePolicy.Flag };
                for (var subject = from + (batch * 32); subject < Math.Min(to, from + ((batch + 1) * 32)); subject++)
                {
                    request.Items.Add(new EnrollBatchItem { IdempotencyKey = Pinfl(subject), Pinfl = Pinfl(subject), Probes = { Enrolment(subject).Probes } });
                }

                var refused = (await client.EnrollBatchAsync(request, caller)).Results.FirstOrDefault(r => !r.Enrolled);
                if (refused is not null)
                {
                    throw new InvalidOperationException($"{refused.Pinfl} was not enrolled: {refused.Refusal} {refused.Message}");
                }
            }
            finally
            {
                throttle.Release();
            }
        }));
    }

    private static Probe Template(float[] vector) => new() { Template = new Template { ModelId = Model, Vector = { vector } } };
}
