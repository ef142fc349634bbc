using EGov.Biometrics.Contracts.V1;
using Grpc.Core;

namespace EGov.Biometrics.Cluster.Tests.Processes;

/// <summary>
/// Subjects with real-ish templates: 512-D unit vectors (one per PINFL, reproducible from its number), probes
/// that are noisy copies of them (cosine about 0.8 to the enrolled one, near 0 to everyone else), enrolled as
/// templates by an administrator, as a migration loads them.
/// </summary>
internal static class SyntheticSubjects
{
    public const string Model = "faceplugin-arcface-r512";

    public static string Pinfl(int subject) => $"7{subject:D13}";

    public static float[] Template(int subject) => Unit(new Random(subject), null, 0);

    /// <summary>The subject's template plus Gaussian-ish noise of the given weight, normalised again.</summary>
    public static float[] Probe(int subject, int draw, float noise = 0.75f) => Unit(new Random(HashCode.Combine(subject, draw, 0x5eed)), Template(subject), noise);

    public static EnrollRequest Enrolment(int subject) => new()
    {
        Pinfl = Pinfl(subject),
        Probes = { new Probe { Template = new Template { ModelId = Model, Vector = { Template(subject) } } } },
    };

    public static IdentifyRequest Identification(int subject, int draw, int k = 10) => new()
    {
        Probe = new Probe { Template = new Template { ModelId = Model, Vector = { Probe(subject, draw) } } },
        K = k,
    };

    public static VerifyRequest Verification(int subject, int draw) => new()
    {
        Pinfl = Pinfl(subject),
        Probe = new Probe { Template = new Template { ModelId = Model, Vector = { Probe(subject, draw) } } },
    };

    /// <summary>Enrols subjects [from, to) through one front end, a few at a time.</summary>
    public static async Task EnrolAsync(Enrollment.EnrollmentClient client, Metadata caller, int from, int to)
    {
        using var throttle = new SemaphoreSlim(8);
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

    private static float[] Unit(Random random, float[]? around, float noise)
    {
        var v = new float[512];
        for (var i = 0; i < v.Length; i++)
        {
            var r = (float)((random.NextDouble() * 2) - 1);
            v[i] = around is null ? r : around[i] + (noise * r * 0.0765f);
        }

        var norm = (float)Math.Sqrt(v.Sum(x => (double)x * x));
        return [.. v.Select(x => x / norm)];
    }
}
