using EGov.Biometrics.Service.Probes;

namespace EGov.Biometrics.Service.Decisions;

/// <summary>One enrolment of a batch (a manifest row): its idempotency key, the PINFL and 1 to 10 probes.</summary>
public sealed record EnrollBatchItem(string IdempotencyKey, string Pinfl, IReadOnlyList<ProbeInput> Probes);
