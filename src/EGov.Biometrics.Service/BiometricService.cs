using System.Globalization;
using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Vision.Embedding;

namespace EGov.Biometrics.Service;

/// <summary>
/// Enrol, verify, identify and delete, each decision taken at an operating point chosen by false-match
/// rate and recorded in the audit log with the caller, the score and the FMR it ran at.
/// </summary>
public sealed class BiometricService(SubjectRegistry registry, TemplateIndex index, IReadOnlyDictionary<string, FmrCalibration> calibrations)
{
    // Enrolments and deletions run one at a time: the duplicate check, the registry commit and the index
    // change must not interleave, or a deleted subject could linger in the index (reads never wait).
    private readonly SemaphoreSlim _writes = new(1, 1);

    /// <summary>Enrols a subject after a 1:N duplicate check of each template against everyone else.</summary>
    public async Task<EnrollResult> EnrollAsync(string pinfl, IReadOnlyList<Probe> templates, Caller caller, DuplicatePolicy policy, double? fmr = null)
    {
        Pinfl.Require(pinfl);
        if (templates.Count == 0)
        {
            throw new ArgumentException("At least one template is needed to enrol.", nameof(templates));
        }

        var point = OperatingPoint(templates[0].ModelId, fmr);
        foreach (var t in templates)
        {
            VectorValidation.EnsureUnit(t.Vector, index.For(t.ModelId).Dimension, "template");
        }

        await _writes.WaitAsync().ConfigureAwait(false);
        try
        {
            return await EnrollLockedAsync(pinfl, templates, caller, policy, fmr, point).ConfigureAwait(false);
        }
        finally
        {
            _writes.Release();
        }
    }

    private async Task<EnrollResult> EnrollLockedAsync(string pinfl, IReadOnlyList<Probe> templates, Caller caller, DuplicatePolicy policy, double? fmr, FmrOperatingPoint point)
    {
        var duplicates = templates
            .SelectMany(t => Candidates(t, 5, OperatingPoint(t.ModelId, fmr)).Where(c => c.Pinfl != pinfl))
            .GroupBy(c => c.Pinfl)
            .Select(g => g.MaxBy(c => c.Similarity)!)
            .OrderByDescending(c => c.Similarity)
            .ToList();
        if (duplicates.Count > 0 && policy == DuplicatePolicy.Reject)
        {
            await registry.RecordAsync(Audit(caller, "enroll", pinfl, "rejected-duplicate", duplicates[0].Similarity, point, $"possible duplicates: {string.Join(", ", duplicates.Select(d => d.Pinfl))}")).ConfigureAwait(false);
            // The message names no PINFL: an enroller must not learn who else is enrolled (the audit has them).
            throw new DuplicateSubjectException($"The face matches an already enrolled subject at FMR {point.Fmr:0.#e0}; enrolment refused.") { Candidates = duplicates };
        }

        var decision = duplicates.Count > 0 ? "enrolled-flagged-duplicate" : "enrolled";
        var enrollment = await registry.EnrollAsync(
            pinfl, templates.Select(t => new NewTemplate(t.Vector, t.ModelId, Image: t.Image)).ToList(),
            Audit(caller, "enroll", pinfl, decision, duplicates.FirstOrDefault()?.Similarity, point, $"{templates.Count} template(s)")).ConfigureAwait(false);
        for (var i = 0; i < enrollment.TemplateIds.Count; i++)
        {
            index.For(templates[i].ModelId).Add(enrollment.TemplateIds[i], pinfl, templates[i].Vector);
        }

        return new EnrollResult(pinfl, enrollment.TemplateIds, duplicates, point, enrollment.AuditSeq);
    }

    /// <summary>1:1: the probe against every template of the claimed subject (best score decides).</summary>
    /// <param name="record">Writes the decision's audit entry and returns its id (default: the registry's audit log;
    /// desk captures record the capture with it).</param>
    public async Task<VerifyResult> VerifyAsync(string pinfl, Probe probe, Caller caller, double? fmr = null, Func<AuditEntry, Task<long>>? record = null)
    {
        Pinfl.Require(pinfl);
        var point = OperatingPoint(probe.ModelId, fmr);
        var comparison = index.For(probe.ModelId).CompareSubject(probe.Vector, pinfl);
        var similarity = comparison?.Max ?? float.NaN;
        var match = comparison is not null && similarity >= point.Threshold;
        var decision = comparison is null ? "not-enrolled" : match ? "match" : "no-match";
        var id = await (record ?? registry.RecordAsync)(Audit(caller, "verify", pinfl, decision, comparison is null ? null : similarity, point, string.Empty)).ConfigureAwait(false);
        return new VerifyResult(match, comparison is not null, similarity, point, id);
    }

    /// <summary>1:N: the enrolled subjects whose best template reaches the operating point, best first.</summary>
    public async Task<IdentifyResult> IdentifyAsync(Probe probe, int k, Caller caller, double? fmr = null, Func<AuditEntry, Task<long>>? record = null)
    {
        var point = OperatingPoint(probe.ModelId, fmr);
        var candidates = Candidates(probe, k, point);
        var id = await (record ?? registry.RecordAsync)(Audit(
            caller, "identify", candidates.FirstOrDefault()?.Pinfl ?? string.Empty, candidates.Count > 0 ? "candidates" : "no-candidate",
            candidates.FirstOrDefault()?.Similarity, point, string.Join(",", candidates.Select(c => c.Pinfl)))).ConfigureAwait(false);
        return new IdentifyResult(candidates, point, id);
    }

    public async Task<bool> DeleteAsync(string pinfl, Caller caller)
    {
        await _writes.WaitAsync().ConfigureAwait(false);
        try
        {
            var removed = await registry.DeleteAsync(pinfl, Audit(caller, "delete", pinfl, "deleted", null, null, string.Empty)).ConfigureAwait(false);
            index.RemoveSubject(pinfl);
            return removed;
        }
        finally
        {
            _writes.Release();
        }
    }

    private List<Candidate> Candidates(Probe probe, int k, FmrOperatingPoint point)
    {
        VectorValidation.EnsureUnit(probe.Vector, index.For(probe.ModelId).Dimension, "probe");
        return index.For(probe.ModelId).IdentifySubjects(probe.Vector, k)
            .Where(s => s.Score >= point.Threshold)
            .Select(s => new Candidate(s.SubjectId, s.Score))
            .ToList();
    }

    private FmrOperatingPoint OperatingPoint(string modelId, double? fmr)
    {
        if (!calibrations.TryGetValue(modelId, out var calibration))
        {
            throw new ArgumentException($"Model '{modelId}' has no calibration here.", nameof(modelId));
        }

        return fmr is { } f ? calibration.At(f) : calibration.Default;
    }

    private static AuditEntry Audit(Caller caller, string action, string subject, string decision, double? score, FmrOperatingPoint? point, string details) =>
        new(caller.Id, caller.Role, caller.Desk, action, subject, decision, score, point?.Fmr,
            point is { } p ? string.Create(CultureInfo.InvariantCulture, $"threshold {p.Threshold:F4}; {details}") : details);
}
