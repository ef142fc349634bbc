using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using EGov.Biometrics.Matching.Gallery;
using EGov.Biometrics.Matching.Kernels;
using EGov.Biometrics.Matching.Search;
using EGov.Biometrics.Registry.Subjects;
using EGov.Biometrics.Service.Access;
using EGov.Biometrics.Service.Galleries;
using EGov.Biometrics.Service.Probes;
using EGov.Biometrics.Vision.Embedding;
using EGov.Biometrics.Vision.Imaging;

namespace EGov.Biometrics.Service.Decisions;

/// <summary>
/// Bulk import: a batch of enrolments, each item held to the rules of a single enrolment (<see cref="BiometricService.EnrollAsync"/>:
/// roles, capture gates, one person per photo), each with an outcome of its own. Items are analysed side by side under
/// the decode gate; then, under the service's write lock, the whole batch is searched against the registry in one
/// batched pass per model (<see cref="IGallery.IdentifyBatchAsync"/>), compared with its own earlier items, and
/// the accepted ones commit together (one group commit), each audited as a single enrolment is. Exactly once: an
/// item's idempotency key is stored in its enrolment's commit, and a retried item (same key, PINFL and probes) gets
/// that first enrolment back. A refused item is not remembered: a retry decides afresh (and refuses again).
/// </summary>
public sealed class BatchEnrollment(BiometricService decisions, SubjectRegistry registry, EnrollmentKeyStore keys, IGallery gallery)
{
    /// <summary>The most items one batch takes (the request is also bounded by the server's message size).</summary>
    public const int MaxItems = 32;

    // Registry candidates looked at per template, as for a single enrolment.
    private const int Candidates = 5;

    public async Task<IReadOnlyList<EnrollBatchOutcome>> EnrollAsync(EnrollBatchCommand command, Caller caller, CancellationToken cancel = default)
    {
        CheckShape(command, caller);
        var items = command.Items;
        var hashes = items.Select(RequestHash).ToArray();
        var outcomes = new EnrollBatchOutcome?[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            outcomes[i] = Pinfl.IsValid(items[i].Pinfl)
                ? Replay(items[i], hashes[i])
                : Refused(items[i], EnrollRefusal.InvalidPinfl, Pinfl.Refusal(items[i].Pinfl));
        }

        var analysed = await Task.WhenAll(items.Select((item, i) => outcomes[i] is null ? AnalyseAsync(item, caller, command.Fmr, cancel) : Task.FromResult<Analysis?>(null))).ConfigureAwait(false);
        for (var i = 0; i < items.Count; i++)
        {
            outcomes[i] ??= analysed[i]?.Refusal;
        }

        await decisions.ExclusiveAsync(() => DecideAsync(command, caller, hashes, analysed, outcomes)).ConfigureAwait(false);
        return outcomes.Select(o => o!).ToList();
    }

    // Whole-call faults: the batch's size, its keys, and what the caller's role may enrol (as for one enrolment).
    private static void CheckShape(EnrollBatchCommand command, Caller caller)
    {
        if (command.Items.Count is 0 or > MaxItems)
        {
            throw new ArgumentException($"A batch takes 1 to {MaxItems} enrolments, got {command.Items.Count}.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < command.Items.Count; i++)
        {
            var item = command.Items[i];
            if (item.IdempotencyKey is not { Length: > 0 and <= EnrollmentKey.MaxLength })
            {
                throw new ArgumentException($"Item {i + 1} needs an idempotency_key of 1 to {EnrollmentKey.MaxLength} characters.");
            }

            if (!seen.Add(item.IdempotencyKey))
            {
                throw new ArgumentException($"Item {i + 1} repeats the idempotency key '{item.IdempotencyKey}' of an earlier item of the batch.");
            }

            try
            {
                BiometricService.CheckEnrollment(item.Probes, command.OnDuplicate, caller);
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"Item {i + 1}: {e.Message}", e);
            }
        }
    }

    // The first enrolment made under the item's key, or a refusal when the key was used for another request; null when unused.
    private EnrollBatchOutcome? Replay(EnrollBatchItem item, byte[] hash)
    {
        if (keys.Find(item.IdempotencyKey) is not { } first)
        {
            return null;
        }

        return first.Pinfl == item.Pinfl && CryptographicOperations.FixedTimeEquals(first.Key.RequestHash, hash)
            ? new EnrollBatchOutcome(item.IdempotencyKey, item.Pinfl) { Replayed = true, TemplateIds = first.TemplateIds, DecisionId = first.DecisionSeq }
            : Refused(item, EnrollRefusal.KeyReused, $"The idempotency key '{item.IdempotencyKey}' was used for another enrolment (another PINFL or other photos): a new request takes a new key.");
    }

    // The item's probes through the pipeline and the capture gates: its templates and operating point, or its refusal.
    private async Task<Analysis?> AnalyseAsync(EnrollBatchItem item, Caller caller, double? fmr, CancellationToken cancel)
    {
        var resolved = await Task.WhenAll(item.Probes.Select(p => ResolveAsync(p, caller, cancel))).ConfigureAwait(false);
        for (var i = 0; i < resolved.Length; i++)
        {
            if (resolved[i].Failure is { } failure)
            {
                return new Analysis(Refused(item, RefusalOf(failure), $"Photo {i + 1}: {failure.Message}") with { Photo = i + 1 });
            }
        }

        var failing = resolved.Select((r, i) => (Photo: i + 1, Reasons: decisions.Options.Gates.Failures(r.Probe!))).Where(f => f.Reasons.Count > 0).ToList();
        if (failing.Count > 0)
        {
            var gates = failing.SelectMany(f => f.Reasons.Select(reason => $"photo {f.Photo}: {reason}")).ToList();
            return new Analysis(Refused(item, EnrollRefusal.CaptureGates, $"The photos fail the capture gates: {string.Join("; ", gates)}.") with { GateFailures = gates, Photo = failing[0].Photo });
        }

        // Images are kept only where the deployment chose to (encrypted, bound to the template).
        var templates = resolved.Select((r, i) => decisions.Options.StoreImages && item.Probes[i] is ImageProbe image
            ? r.Probe!.Template with { Image = image.Image }
            : r.Probe!.Template).ToList();
        try
        {
            foreach (var t in templates)
            {
                VectorValidation.EnsureUnit(t.Vector, gallery.Dimension(t.ModelId), "template");
            }

            return new Analysis(null, templates, decisions.OperatingPoint(templates[0].ModelId, fmr));
        }
        catch (ArgumentException e)
        {
            return new Analysis(Refused(item, EnrollRefusal.InvalidProbe, e.Message));
        }
    }

    private async Task<(ResolvedProbe? Probe, Exception? Failure)> ResolveAsync(ProbeInput probe, Caller caller, CancellationToken cancel)
    {
        try
        {
            return (await decisions.Probes.ResolveAsync(probe, caller, cancel).ConfigureAwait(false), null);
        }
        catch (Exception e) when (e is InvalidImageException or ArgumentException)
        {
            return (null, e);
        }
    }

    private static EnrollRefusal RefusalOf(Exception failure) => failure switch
    {
        InvalidImageException => EnrollRefusal.UnreadableImage,
        FaceCountException { People: 0 } => EnrollRefusal.NoFace,
        FaceCountException => EnrollRefusal.SeveralPeople,
        _ => EnrollRefusal.InvalidProbe,
    };

    // Under the write lock: keys and PINFLs again (another call may have taken them meanwhile), the duplicate checks, the commit.
    private async Task<int> DecideAsync(EnrollBatchCommand command, Caller caller, byte[][] hashes, Analysis?[] analysed, EnrollBatchOutcome?[] outcomes)
    {
        var items = command.Items;
        var pending = new List<int>();
        var byPinfl = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            if (outcomes[i] is not null)
            {
                continue;
            }

            if (Replay(items[i], hashes[i]) is { } replay)
            {
                outcomes[i] = replay;
            }
            else if (registry.Get(items[i].Pinfl) is not null)
            {
                outcomes[i] = Refused(items[i], EnrollRefusal.AlreadyEnrolled, $"Subject {items[i].Pinfl} is already enrolled.");
            }
            else if (byPinfl.TryGetValue(items[i].Pinfl, out var first))
            {
                outcomes[i] = Refused(items[i], EnrollRefusal.DuplicateInBatch, $"PINFL {items[i].Pinfl} is item {first + 1} of this batch too.") with { DuplicateOfItem = first + 1, DuplicateOfPinfl = items[i].Pinfl };
            }
            else
            {
                byPinfl[items[i].Pinfl] = i;
                pending.Add(i);
            }
        }

        var (inRegistry, searched) = await RegistryDuplicatesAsync(pending, analysed, command.Fmr).ConfigureAwait(false);
        var ownKeys = keys.KeysEnrolledBy(caller.Id, [.. inRegistry.Values.SelectMany(c => c).Select(c => c.Pinfl).Distinct(StringComparer.Ordinal)]);
        var accepted = new List<int>();
        var writes = new List<(int Item, Task<Enrollment> Commit)>();
        var refusals = new List<(int Item, Task<long> Audit)>();
        foreach (var i in pending)
        {
            var (item, analysis) = (items[i], analysed[i]!);
            var point = analysis.Point!.Value;
            var registryMatches = inRegistry[i];
            var batchMatch = BestInBatch(analysis, accepted.Select(j => (j, analysed[j]!)), command.Fmr);
            if (command.OnDuplicate == DuplicateHandling.Reject && (registryMatches.Count > 0 || batchMatch is not null))
            {
                var (outcome, details, similarity) = registryMatches.Count > 0
                    ? (RegistryRefusal(item, registryMatches, point, ownKeys, caller), $"possible duplicates: {string.Join(", ", registryMatches.Select(d => d.Pinfl))}{searched}", registryMatches[0].Similarity)
                    : (Refused(item, EnrollRefusal.DuplicateInBatch, Fmr($"The face matches item {batchMatch!.Value.Item + 1} of this batch (PINFL {items[batchMatch.Value.Item].Pinfl}) at FMR {point.Fmr:0.#e0}; enrolment refused.")) with { DuplicateOfItem = batchMatch.Value.Item + 1, DuplicateOfPinfl = items[batchMatch.Value.Item].Pinfl },
                        $"possible duplicates: {items[batchMatch.Value.Item].Pinfl} (item {batchMatch.Value.Item + 1} of the same batch){searched}", batchMatch.Value.Similarity);
                outcomes[i] = outcome with { OperatingPoint = point };
                refusals.Add((i, registry.RecordAsync(BiometricService.Audit(caller, "enroll", item.Pinfl, "rejected-duplicate", similarity, point, details))));
                continue;
            }

            // Flagged: the registry's matches and the batch's (supervisors and admins only, CheckShape saw to it).
            var flagged = batchMatch is { } b ? [.. registryMatches, new MatchCandidate(items[b.Item].Pinfl, b.Similarity)] : registryMatches;
            outcomes[i] = new EnrollBatchOutcome(item.IdempotencyKey, item.Pinfl) { OperatingPoint = point, PossibleDuplicates = flagged };
            accepted.Add(i);
            writes.Add((i, registry.EnrollAsync(
                item.Pinfl, analysis.Templates!.Select(t => new NewTemplate(t.Vector, t.ModelId, Image: t.Image)).ToList(),
                BiometricService.Audit(caller, "enroll", item.Pinfl, flagged.Count > 0 ? "enrolled-flagged-duplicate" : "enrolled", flagged.FirstOrDefault()?.Similarity, point,
                    $"{analysis.Templates!.Count} template(s); batch key {item.IdempotencyKey}{searched}"),
                new EnrollmentKey(item.IdempotencyKey, hashes[i], caller.Id))));
        }

        // Every commit is awaited before any failure is thrown: what committed must reach the index whatever else failed.
        var all = writes.Select(w => (Task)w.Commit).Concat(refusals.Select(r => r.Audit)).ToList();
        await Task.WhenAll(all).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        var added = writes.Where(w => w.Commit.IsCompletedSuccessfully).Select(w => AddAsync(w.Item, w.Commit.Result)).ToList();
        await Task.WhenAll(added).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        all.AddRange(added);

        foreach (var (i, commit) in writes.Where(w => w.Commit.IsCompletedSuccessfully))
        {
            outcomes[i] = outcomes[i]! with { TemplateIds = commit.Result.TemplateIds, DecisionId = commit.Result.AuditSeq };
        }

        foreach (var (i, audit) in refusals.Where(r => r.Audit.IsCompletedSuccessfully))
        {
            outcomes[i] = outcomes[i]! with { DecisionId = audit.Result };
        }

        if (all.FirstOrDefault(t => t.IsFaulted) is { } failed)
        {
            await failed.ConfigureAwait(false);
        }

        return accepted.Count;

        // A committed item's templates into the gallery (in a cluster: its owning shard), each item on its own.
        Task AddAsync(int item, Enrollment commit) =>
            gallery.AddAsync(items[item].Pinfl, [.. analysed[item]!.Templates!.Select((t, n) => new GalleryTemplate(commit.TemplateIds[n], t.ModelId, t.Vector))]);
    }

    // Each pending item's registry matches at its operating point, best first, one per subject: one batched search per model;
    // and the audit words for how the galleries were searched.
    private async Task<(Dictionary<int, IReadOnlyList<MatchCandidate>> Matches, string Searched)> RegistryDuplicatesAsync(List<int> pending, Analysis?[] analysed, double? fmr)
    {
        var methods = new List<SearchMethod>();
        var shards = new List<ShardCount>();
        var probes = pending.SelectMany(i => analysed[i]!.Templates!.Select(t => (Item: i, Template: t))).ToList();
        var matches = pending.ToDictionary(i => i, _ => new List<MatchCandidate>());
        foreach (var model in probes.GroupBy(p => p.Template.ModelId, StringComparer.Ordinal))
        {
            var queries = model.ToList();
            var threshold = decisions.OperatingPoint(model.Key, fmr).Threshold;
            var (hits, method, answered) = await gallery.IdentifyBatchAsync(model.Key, [.. queries.Select(q => q.Template.Vector)], Candidates).ConfigureAwait(false);
            methods.Add(method);
            shards.Add(answered);
            for (var q = 0; q < queries.Count; q++)
            {
                matches[queries[q].Item].AddRange(hits[q].Where(h => h.Score >= threshold).Select(h => new MatchCandidate(h.SubjectId, h.Score)));
            }
        }

        return (matches.ToDictionary(
            m => m.Key,
            m => (IReadOnlyList<MatchCandidate>)[.. m.Value.GroupBy(c => c.Pinfl, StringComparer.Ordinal).Select(g => g.MaxBy(c => c.Similarity)!).OrderByDescending(c => c.Similarity)]),
            BiometricService.DuplicateSearchDetail(methods) + string.Concat(shards.Distinct().Select(BiometricService.ShardDetail)));
    }

    // The accepted item of this batch most similar to the candidate at or above its operating point (templates of one model compared), or null.
    private (int Item, float Similarity)? BestInBatch(Analysis candidate, IEnumerable<(int Item, Analysis Analysis)> accepted, double? fmr)
    {
        (int Item, float Similarity)? best = null;
        foreach (var (item, other) in accepted)
        {
            foreach (var mine in candidate.Templates!)
            {
                var threshold = decisions.OperatingPoint(mine.ModelId, fmr).Threshold;
                foreach (var theirs in other.Templates!.Where(t => t.ModelId == mine.ModelId))
                {
                    var similarity = FloatKernels.Dot(mine.Vector, theirs.Vector);
                    if (similarity >= threshold && (best is null || similarity > best.Value.Similarity))
                    {
                        best = (item, similarity);
                    }
                }
            }
        }

        return best;
    }

    // A registry duplicate as the caller may see it: the candidates for roles that read scores (as a flagged enrolment shows
    // them), and the key of the caller's own earlier enrolment of the match (its own row: nothing it did not know).
    private static EnrollBatchOutcome RegistryRefusal(EnrollBatchItem item, IReadOnlyList<MatchCandidate> matches, FmrOperatingPoint point, IReadOnlyDictionary<string, string> ownKeys, Caller caller)
    {
        var reads = AccessPolicies.Admits(AccessPolicies.ReadScores, caller);
        var own = matches.FirstOrDefault(m => ownKeys.ContainsKey(m.Pinfl));
        var message = Fmr($"The face matches an already enrolled subject at FMR {point.Fmr:0.#e0}; enrolment refused.")
            + (own is not null ? $" This credential enrolled it as {own.Pinfl} under key '{ownKeys[own.Pinfl]}'." : string.Empty);
        return Refused(item, EnrollRefusal.DuplicateInRegistry, message) with
        {
            DuplicateOfKey = own is null ? string.Empty : ownKeys[own.Pinfl],
            DuplicateOfPinfl = own?.Pinfl ?? (reads ? matches[0].Pinfl : string.Empty),
            PossibleDuplicates = reads ? matches : [],
        };
    }

    private static EnrollBatchOutcome Refused(EnrollBatchItem item, EnrollRefusal refusal, string message) =>
        new(item.IdempotencyKey, item.Pinfl) { Refusal = refusal, Message = message };

    // What a retry must repeat exactly: the PINFL and every probe, kind and content (SHA-256, length-prefixed fields).
    private static byte[] RequestHash(EnrollBatchItem item)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Field(ReadOnlySpan<byte> bytes)
        {
            Span<byte> length = stackalloc byte[8];
            BitConverter.TryWriteBytes(length, (long)bytes.Length);
            hash.AppendData(length);
            hash.AppendData(bytes);
        }

        Field(Encoding.UTF8.GetBytes(item.Pinfl));
        foreach (var probe in item.Probes)
        {
            switch (probe)
            {
                case ImageProbe image:
                    Field("image"u8);
                    Field(image.Image);
                    break;
                case AlignedCropProbe crop:
                    Field("aligned"u8);
                    Field(Encoding.UTF8.GetBytes(crop.ModelId));
                    Field(crop.Image);
                    break;
                case TemplateProbe template:
                    Field("template"u8);
                    Field(Encoding.UTF8.GetBytes(template.ModelId));
                    Field(System.Runtime.InteropServices.MemoryMarshal.AsBytes(template.Vector.AsSpan()));
                    break;
            }
        }

        return hash.GetHashAndReset();
    }

    private static string Fmr(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>An item's analysis: its refusal, or its templates and the operating point its duplicate checks run at.</summary>
    private sealed record Analysis(EnrollBatchOutcome? Refusal, IReadOnlyList<FaceTemplate>? Templates = null, FmrOperatingPoint? Point = null);
}
