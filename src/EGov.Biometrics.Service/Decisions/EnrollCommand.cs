using EGov.Biometrics.Service.Probes;

namespace EGov.Biometrics.Service.Decisions;

/// <summary>An enrolment as a front end asks for it: the PINFL, 1 to 10 probes, and the duplicate handling.</summary>
public sealed record EnrollCommand(string Pinfl, IReadOnlyList<ProbeInput> Probes, DuplicateHandling OnDuplicate = DuplicateHandling.Reject, double? Fmr = null);
