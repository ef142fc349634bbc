using System.Globalization;
using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Matching.Search;
using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Service.Access;
using EGov.Biometrics.Service.Galleries;
using EGov.Biometrics.Service.Liveness;
using EGov.Biometrics.Service.Probes;
using EGov.Biometrics.Vision.Embedding;

namespace EGov.Biometrics.Service.Decisions;

/// <summary>
/// The decisions: enrol (permissions, capture gates, 1:N duplicate check), verify 1:1, identify 1:N and delete,
/// each taken at an operating point chosen by false-match rate and recorded in the audit log with the caller,
/// the score and the FMR it ran at. Every front end calls these; none repeats a rule. A verifier learns the
/// decision, not the score (<see cref="VerifyResult.DisclosedTo"/>), and its failed attempts against one PINFL
/// are throttled (<see cref="AttemptThrottle"/>). The galleries are searched through <see cref="IGallery"/> (in process, or
/// sharded over a cluster); a search not every shard answered fails Unavailable, and each 1:N audit entry says how many did.
/// An image is enrolled as one template per served embedder; a probe is decided against the subject's templates of
/// the model that made it, at that model's calibration. With <paramref name="fused"/>, a 1:1 whose probe and subject both
/// have templates of the two fused models is decided on the fused score (<see cref="FusedVerification"/>).
/// </summary>
public sealed class BiometricService(
    SubjectRegistry registry, IGallery gallery, IReadOnlyDictionary<string, FmrCalibration> calibrations, ProbeResolver probes, DecisionOptions options, AttemptThrottle attempts,
    Desks.DeskPolicies desks, IWriteLock? writeLock = null, ServedEmbedders? served = null, FusedVerification? fused = null)
{
    public const int MaxEnrollProbes = 10;
    public const int MaxCandidates = 100;

    /// <summary>The outcome of a desk decision whose capture showed no blink and no head turn where the desk's policy asks for one.</summary>
    public const string ActiveCheckFailed = "active-check-failed";

    // Enrolments and deletions run one at a time: the duplicate check, the registry commit and the index
    // change must not interleave, or a deleted subject could linger in the index (reads never wait). In a cluster
    // the lock spans every silo.
    private readonly IWriteLock _writes = writeLock ?? new ProcessWriteLock();

    public ProbeResolver Probes { get; } = probes;

    public AttemptThrottle Attempts { get; } = attempts;

    /// <summary>Enrols a subject after a 1:N duplicate check of each template against everyone else.</summary>
    public async Task<EnrollResult> EnrollAsync(EnrollCommand request, Caller caller)
    {
        Pinfl.Require(request.Pinfl);
        CheckEnrollment(request.Probes, request.OnDuplicate, caller);
        var resolved = new List<ResolvedProbe>(request.Probes.Count);
        foreach (var p in request.Probes)
        {
            resolved.Add(await Probes.ResolveAsync(p, caller).ConfigureAwait(false));
        }

        options.Gates.Check(resolved);

        // One template per served embedder of each image. Images are kept only where the deployment chose to
        // (encrypted, bound to the template).
        var templates = resolved.SelectMany((p, i) => p.Templates.Select(t => options.StoreImages && request.Probes[i] is ImageProbe image
            ? t with { Image = image.Image }
            : t)).ToList();
        var point = OperatingPoint(templates[0].ModelId, request.Fmr);
        CheckDuplicateFmr(templates[0].ModelId, request.Fmr, caller);
        foreach (var t in templates)
        {
            VectorValidation.EnsureUnit(t.Vector, gallery.Dimension(t.ModelId), "template");
        }

        return await ExclusiveAsync(() => EnrollLockedAsync(request.Pinfl, templates, caller, request.OnDuplicate, request.Fmr, point)).ConfigureAwait(false);
    }

    /// <summary>Refuses an enrolment's shape (probe count) or what the caller's role may not enrol (templates, crops, flagged duplicates).</summary>
    internal static void CheckEnrollment(IReadOnlyList<ProbeInput> probes, DuplicateHandling onDuplicate, Caller caller)
    {
        if (probes.Count is 0 or > MaxEnrollProbes)
        {
            throw new ArgumentException($"An enrolment takes 1 to {MaxEnrollProbes} probes, got {probes.Count}.");
        }

        // Only images pass the capture gates; templates and crops are for administrators (migrations).
        if (caller.Role != Roles.Admin && probes.Any(p => p is not ImageProbe))
        {
            throw new AccessDeniedException("Only images can be enrolled by this role: templates and crops skip the quality and liveness gates.");
        }

        if (onDuplicate == DuplicateHandling.Flag && caller.Role is not (Roles.Admin or Roles.Supervisor))
        {
            throw new AccessDeniedException("Enrolling despite a possible duplicate is a supervisor's decision.");
        }
    }

    /// <summary>Runs a write that must not interleave with another (duplicate check, registry commit, index change).</summary>
    internal async Task<T> ExclusiveAsync<T>(Func<Task<T>> write)
    {
        var held = await _writes.AcquireAsync().ConfigureAwait(false);
        await using (held.ConfigureAwait(false))
        {
            return await write().ConfigureAwait(false);
        }
    }

    /// <summary>How decisions are taken here (the capture gates, whether images are kept).</summary>
    internal DecisionOptions Options => options;

    /// <summary>The capture gates' verdict on one photo, in words (empty when it passes), with nothing stored,
    /// compared or audited: the enroller's live feedback before the enrolment itself.</summary>
    public async Task<IReadOnlyList<string>> CheckCaptureAsync(ProbeInput probe, Caller caller) =>
        options.Gates.Failures(await Probes.ResolveAsync(probe, caller).ConfigureAwait(false));

    /// <summary>1:1: the probe against every template of the claimed subject (best score decides).</summary>
    public async Task<VerifyResult> VerifyAsync(string pinfl, ProbeInput? probe, Caller caller, double? fmr = null)
    {
        Pinfl.Require(pinfl);
        RequirePhotosAllowed(probe, caller);
        Attempts.Check(caller, pinfl);
        var resolved = await Probes.ResolveAsync(probe, caller).ConfigureAwait(false);
        var result = await VerifyTemplateAsync(pinfl, resolved.Template, caller, fmr, registry.RecordAsync, resolved.Liveness, others: resolved.Others).ConfigureAwait(false);
        return (result with { Quality = resolved.Quality?.Overall, Liveness = resolved.Liveness }).DisclosedTo(caller);
    }

    /// <summary>1:N: the enrolled subjects whose best template reaches the operating point, best first.</summary>
    public async Task<IdentifyResult> IdentifyAsync(ProbeInput? probe, int k, Caller caller, double? fmr = null)
    {
        if (k is < 1 or > MaxCandidates)
        {
            throw new ArgumentException($"k must be between 1 and {MaxCandidates}, got {k}.");
        }

        RequirePhotosAllowed(probe, caller);
        var resolved = await Probes.ResolveAsync(probe, caller).ConfigureAwait(false);
        return await IdentifyTemplateAsync(resolved.Template, k, caller, fmr, registry.RecordAsync, resolved.Liveness).ConfigureAwait(false);
    }

    // A credential bound to a desk whose policy asks for the active check decides from the desk's camera only
    // (VerifyAtDesk): a photo sent with it shows no blink or turn to judge, and would let a still print in by the
    // other door. An unbound credential is not at a desk (its x-desk-id is a label): back-office roles, by policy.
    private void RequirePhotosAllowed(ProbeInput? probe, Caller caller)
    {
        if (probe is ImageProbe && caller.DeskBound && desks.RequiresActiveCheck(caller.Desk))
        {
            throw new Failures.PreconditionFailedException(
                $"Desk '{caller.Desk}' requires the active liveness check: verify with its camera (an admin may turn the check off for a desk that verifies photos).");
        }
    }

    public async Task<bool> DeleteAsync(string pinfl, Caller caller)
    {
        Pinfl.Require(pinfl);
        return await ExclusiveAsync(async () =>
        {
            var removed = await registry.DeleteAsync(pinfl, Audit(caller, "delete", pinfl, "deleted", null, null, string.Empty)).ConfigureAwait(false);
            await gallery.RemoveSubjectAsync(pinfl).ConfigureAwait(false);
            return removed;
        }).ConfigureAwait(false);
    }

    /// <summary>1:1 on an embedding; <paramref name="record"/> writes the decision's audit entry and returns its id
    /// (desk captures record the capture in the same commit). A probe whose <paramref name="liveness"/> fails the
    /// capture gate is not compared at all: a photo or a screen at the camera learns no score. Every failure
    /// counts against the caller's attempts at <paramref name="pinfl"/>. The result holds the exact score (the
    /// front end's caller gets <see cref="VerifyResult.DisclosedTo"/>). A desk whose policy asks for the active check
    /// passes its verdict as <paramref name="active"/>: a failed one is refused as active-check-failed, also uncompared
    /// (and not counted as a failed attempt).</summary>
    internal async Task<VerifyResult> VerifyTemplateAsync(
        string pinfl, FaceTemplate probe, Caller caller, double? fmr, Func<AuditEntry, Task<long>> record, float? liveness = null, ActiveCheckResult? active = null,
        IReadOnlyList<FaceTemplate>? others = null)
    {
        // The PINFL was checked by the caller before the probe was resolved; the gallery checks the vector.
        CheckFmr(probe.ModelId, fmr, caller);
        var point = OperatingPoint(probe.ModelId, fmr);
        if (!options.Gates.PassesLiveness(liveness))
        {
            var refused = await record(Audit(caller, "verify", pinfl, "liveness-failed", null, point, LivenessDetail(liveness))).ConfigureAwait(false);
            Attempts.Record(caller, pinfl, matched: false);
            return new VerifyResult(false, false, float.NaN, point, refused, LivenessFailed: true);
        }

        if (active is { Passed: false })
        {
            // Not counted against the caller's attempts: nothing was compared, and the answer is the same whether the
            // PINFL is enrolled or not (no oracle), while a citizen who did not move yet must be able to try again.
            var refused = await record(Audit(caller, "verify", pinfl, ActiveCheckFailed, null, point, LivenessDetail(liveness) + ActiveDetail(active))).ConfigureAwait(false);
            return new VerifyResult(false, false, float.NaN, point, refused) { ActiveCheckFailed = true };
        }

        var comparison = await gallery.CompareSubjectAsync(probe.ModelId, probe.Vector, pinfl).ConfigureAwait(false);
        var similarity = comparison?.Max ?? float.NaN;
        var fusedDetail = string.Empty;
        if (comparison is not null && await FusedScoreAsync(pinfl, probe, others).ConfigureAwait(false) is { } fusedScore)
        {
            (similarity, point) = (fusedScore.Score, fmr is { } f ? fused!.Calibration.At(f) : fused!.Calibration.Default);
            fusedDetail = fusedScore.Detail;
        }

        var match = comparison is not null && similarity >= point.Threshold;
        var decision = comparison is null ? "not-enrolled" : match ? "match" : "no-match";
        var id = await record(Audit(caller, "verify", pinfl, decision, comparison is null ? null : similarity, point, fusedDetail + LivenessDetail(liveness) + ActiveDetail(active))).ConfigureAwait(false);
        Attempts.Record(caller, pinfl, match);
        return new VerifyResult(match, comparison is not null, similarity, point, id);
    }

    // With fusion on: both fused models' best scores against the subject, fused; null where the probe or the subject lacks
    // a template of either model (enrolled before the second embedder was served), which is then decided on its own model.
    private async Task<(float Score, string Detail)?> FusedScoreAsync(string pinfl, FaceTemplate probe, IReadOnlyList<FaceTemplate>? others)
    {
        if (fused is null)
        {
            return null;
        }

        var templates = (others ?? []).Prepend(probe).ToList();
        var (first, second) = (templates.FirstOrDefault(t => t.ModelId == fused.Fusion.First), templates.FirstOrDefault(t => t.ModelId == fused.Fusion.Second));
        if (first is null || second is null)
        {
            return null;
        }

        if (await gallery.CompareSubjectAsync(first.ModelId, first.Vector, pinfl).ConfigureAwait(false) is not { } a
            || await gallery.CompareSubjectAsync(second.ModelId, second.Vector, pinfl).ConfigureAwait(false) is not { } b)
        {
            return null;
        }

        return (fused.Fusion.Fuse(a.Max, b.Max), string.Create(CultureInfo.InvariantCulture, $"fused {first.ModelId} {a.Max:F4} + {second.ModelId} {b.Max:F4}; "));
    }

    /// <summary>1:N on an embedding; <paramref name="record"/>, <paramref name="liveness"/> and <paramref name="active"/> as for <see cref="VerifyTemplateAsync"/>.</summary>
    internal async Task<IdentifyResult> IdentifyTemplateAsync(
        FaceTemplate probe, int k, Caller caller, double? fmr, Func<AuditEntry, Task<long>> record, float? liveness = null, ActiveCheckResult? active = null)
    {
        CheckFmr(probe.ModelId, fmr, caller);
        var point = OperatingPoint(probe.ModelId, fmr);
        if (!options.Gates.PassesLiveness(liveness))
        {
            var refused = await record(Audit(caller, "identify", string.Empty, "liveness-failed", null, point, LivenessDetail(liveness))).ConfigureAwait(false);
            return new IdentifyResult([], point, refused, liveness, LivenessFailed: true);
        }

        if (active is { Passed: false })
        {
            var refused = await record(Audit(caller, "identify", string.Empty, ActiveCheckFailed, null, point, LivenessDetail(liveness) + ActiveDetail(active))).ConfigureAwait(false);
            return new IdentifyResult([], point, refused, liveness) { ActiveCheckFailed = true };
        }

        var (candidates, method, shards) = await CandidatesAsync(probe, k, point).ConfigureAwait(false);
        var id = await record(Audit(
            caller, "identify", candidates.FirstOrDefault()?.Pinfl ?? string.Empty, candidates.Count > 0 ? "candidates" : "no-candidate",
            candidates.FirstOrDefault()?.Similarity, point, string.Join(",", candidates.Select(c => c.Pinfl)) + SearchDetail(method) + ShardDetail(shards) + LivenessDetail(liveness, "; ") + ActiveDetail(active))).ConfigureAwait(false);
        return new IdentifyResult(candidates, point, id, liveness) { Method = method, Shards = shards };
    }

    /// <summary>
    /// Refuses a false-match rate that <paramref name="modelId"/>'s calibration cannot run at (a model it does not
    /// know is checked later), or one laxer than the policy's default from a caller not admitted to
    /// <see cref="AccessPolicies.ChooseLaxerFmr"/>: a lower threshold is a forger's shortcut. Stricter is anyone's choice.
    /// </summary>
    internal void CheckFmr(string modelId, double? fmr, Caller caller)
    {
        if (fmr is { } f && calibrations.TryGetValue(modelId, out var calibration))
        {
            calibration.At(f);
            if (f > calibration.Default.Fmr && !AccessPolicies.Admits(AccessPolicies.ChooseLaxerFmr, caller))
            {
                throw new AccessDeniedException(string.Create(
                    CultureInfo.InvariantCulture, $"The {caller.Role} role may not decide at FMR {f:0.#e0}, laxer than the policy's {calibration.Default.Fmr:0.#e0}; a stricter one is allowed."));
            }
        }
    }

    /// <summary>
    /// An enrolment's FMR is its duplicate check's: there a stricter FMR (a higher threshold) is the laxer check. An
    /// enroller choosing FMR 1e-6 raised the threshold from 0.418 to 0.635 and let through a second PINFL for a face
    /// already enrolled whose photos score between the two, which "enrolling despite a duplicate" keeps for supervisors.
    /// </summary>
    private void CheckDuplicateFmr(string modelId, double? fmr, Caller caller)
    {
        if (fmr is { } f && calibrations.TryGetValue(modelId, out var calibration) && f < calibration.Default.Fmr
            && !AccessPolicies.Admits(AccessPolicies.ChooseLaxerFmr, caller))
        {
            throw new AccessDeniedException(string.Create(CultureInfo.InvariantCulture,
                $"The {caller.Role} role may not run the duplicate check at FMR {f:0.#e0}, stricter than the policy's {calibration.Default.Fmr:0.#e0}: its higher threshold lets more duplicates through; the policy's FMR or a higher one is allowed."));
        }
    }

    private async Task<EnrollResult> EnrollLockedAsync(string pinfl, IReadOnlyList<FaceTemplate> templates, Caller caller, DuplicateHandling handling, double? fmr, FmrOperatingPoint point)
    {
        var searches = new List<(List<MatchCandidate> Candidates, SearchMethod Method, ShardCount Shards)>(templates.Count);
        foreach (var t in templates)
        {
            searches.Add(await CandidatesAsync(t, 5, OperatingPoint(t.ModelId, fmr)).ConfigureAwait(false));
        }

        var duplicates = searches
            .SelectMany(s => s.Candidates.Where(c => c.Pinfl != pinfl))
            .GroupBy(c => c.Pinfl)
            .Select(g => g.MaxBy(c => c.Similarity)!)
            .OrderByDescending(c => c.Similarity)
            .ToList();
        if (duplicates.Count > 0 && handling == DuplicateHandling.Reject)
        {
            await registry.RecordAsync(Audit(caller, "enroll", pinfl, "rejected-duplicate", duplicates[0].Similarity, point, $"possible duplicates: {string.Join(", ", duplicates.Select(d => d.Pinfl))}{DuplicateSearchDetail(searches.Select(s => s.Method))}{ShardDetail(searches[0].Shards)}")).ConfigureAwait(false);
            // The message names no PINFL: an enroller must not learn who else is enrolled (the audit has them).
            throw new DuplicateSubjectException($"The face matches an already enrolled subject at FMR {point.Fmr:0.#e0}; enrolment refused.") { Candidates = duplicates };
        }

        var decision = duplicates.Count > 0 ? "enrolled-flagged-duplicate" : "enrolled";
        var enrollment = await registry.EnrollAsync(
            pinfl, templates.Select(t => new NewTemplate(t.Vector, t.ModelId, Image: t.Image)).ToList(),
            Audit(caller, "enroll", pinfl, decision, duplicates.FirstOrDefault()?.Similarity, point, $"{templates.Count} template(s){DuplicateSearchDetail(searches.Select(s => s.Method))}{ShardDetail(searches[0].Shards)}")).ConfigureAwait(false);
        // Acknowledged only once the gallery holds it too (in a cluster: the owning shard); a shard that fails to take it
        // is reloaded from the registry before it answers again, and the caller gets Unavailable.
        await gallery.AddAsync(pinfl, [.. templates.Select((t, i) => new GalleryTemplate(enrollment.TemplateIds[i], t.ModelId, t.Vector))]).ConfigureAwait(false);
        return new EnrollResult(pinfl, enrollment.TemplateIds, duplicates, point, enrollment.AuditSeq);
    }

    private async Task<(List<MatchCandidate> Candidates, SearchMethod Method, ShardCount Shards)> CandidatesAsync(FaceTemplate probe, int k, FmrOperatingPoint point)
    {
        // The gallery refuses a vector of the wrong dimension or length; it searches exactly or by the cascade as its size calls for.
        var identification = await gallery.IdentifyAsync(probe.ModelId, probe.Vector, k).ConfigureAwait(false);
        return (identification.Hits.Where(s => s.Score >= point.Threshold).Select(s => new MatchCandidate(s.SubjectId, s.Score)).ToList(), identification.Method, identification.Shards);
    }

    // Every 1:N decision's audit entry says which search answered it.
    private static string SearchDetail(SearchMethod method) => $"; search {method.ToString().ToLowerInvariant()}";

    // ... and how many of the gallery's shards answered it (a single node: 1/1).
    internal static string ShardDetail(ShardCount shards) => $"; shards {shards}";

    internal static string DuplicateSearchDetail(IEnumerable<SearchMethod> methods) =>
        string.Concat(methods.Distinct().Select(m => $"; duplicate search {m.ToString().ToLowerInvariant()}"));

    internal FmrOperatingPoint OperatingPoint(string modelId, double? fmr)
    {
        served?.Require(modelId);
        if (!calibrations.TryGetValue(modelId, out var calibration))
        {
            throw new ArgumentException($"Model '{Text.Bounded(modelId, Text.NameLength)}' has no calibration here.", nameof(modelId));
        }

        return fmr is { } f ? calibration.At(f) : calibration.Default;
    }

    // The audit keeps the liveness score each decision was taken on (none for templates and crops).
    private static string LivenessDetail(float? liveness, string separator = "") =>
        liveness is { } score ? string.Create(CultureInfo.InvariantCulture, $"{separator}liveness {score:F3}") : string.Empty;

    // The active check's verdict, where the desk's policy asked for one.
    private static string ActiveDetail(ActiveCheckResult? active) => active is null ? string.Empty : "; " + active.Detail;

    internal static AuditEntry Audit(Caller caller, string action, string subject, string decision, double? score, FmrOperatingPoint? point, string details) =>
        new(caller.Id, caller.Role, caller.Desk, action, subject, decision, score, point?.Fmr,
            point is { } p ? string.Create(CultureInfo.InvariantCulture, $"threshold {p.Threshold:F4}; {details}") : details);
}
