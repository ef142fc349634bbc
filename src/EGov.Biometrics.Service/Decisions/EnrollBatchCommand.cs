namespace EGov.Biometrics.Service.Decisions;

/// <summary>A batch enrolment as a front end asks for it: 1 to <see cref="BatchEnrollment.MaxItems"/> items, one duplicate handling and FMR for all.</summary>
public sealed record EnrollBatchCommand(IReadOnlyList<EnrollBatchItem> Items, DuplicateHandling OnDuplicate = DuplicateHandling.Reject, double? Fmr = null);
