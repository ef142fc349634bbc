namespace EGov.Biometrics.Cli.Commands.Import;

/// <summary>
/// What became of one manifest row, as the journal keeps it and the report prints refusals: <see cref="Outcome"/>
/// <c>enrolled</c> or <c>refused</c>; for a refusal the <see cref="Reason"/> (a <see cref="RefusalReasons"/> code), the
/// detail in words, the photo it is about, and the other row or PINFL of a duplicate where known. <see cref="Key"/> is the
/// idempotency key the row was sent under (empty for a row refused before sending), <see cref="Signature"/> the row's
/// (<see cref="ManifestRow.Signature"/>), <see cref="Decision"/> the audit entry of the server's decision (0: none).
/// </summary>
internal sealed record JournalEntry(
    int Row, string Signature, string Key, string Pinfl, string Outcome, string Reason = "", string Detail = "", string File = "", int OtherRow = 0, string OtherPinfl = "", long Decision = 0, bool Replayed = false)
{
    public const string Enrolled = "enrolled";
    public const string Refused = "refused";

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsEnrolled => Outcome == Enrolled;
}
