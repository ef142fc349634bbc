namespace EGov.Biometrics.Cli.Commands.Import;

/// <summary>
/// Where an import stands: rows in the manifest, enrolled (of them <see cref="EnrolledBefore"/> in earlier runs of the same
/// journal), refused by reason, and <see cref="Left"/> not accounted for (the run was stopped or the server failed).
/// </summary>
internal sealed record ImportSummary(int Rows, int Enrolled, int EnrolledBefore, int Refused, IReadOnlyDictionary<string, int> RefusedBy, int Left, int DoneNow, TimeSpan Elapsed)
{
    public double RowsPerSecond => DoneNow / Math.Max(Elapsed.TotalSeconds, 1e-3);
}
