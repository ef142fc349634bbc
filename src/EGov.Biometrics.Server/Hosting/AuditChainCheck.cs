using System.Diagnostics;
using EGov.Biometrics.Registry.Audit;
using EGov.Biometrics.Registry.Subjects;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EGov.Biometrics.Server.Hosting;

/// <summary>
/// Walks the whole audit chain once after start, off the request path. Start-up checks only the anchored head
/// (a cut-off tail, an edited last entry) so that a large log does not delay it; an entry edited in the middle of
/// the log shows here: health turns NotServing and one error line names the entry.
/// </summary>
public sealed partial class AuditChainCheck(SubjectRegistry registry, ILogger<AuditChainCheck> logger) : BackgroundService
{
    /// <summary>Why the chain does not verify; null while it does or the walk has not finished.</summary>
    public string? Failure { get; private set; }

    /// <summary>Completes when the walk has finished.</summary>
    public Task Walked => ExecuteTask ?? Task.CompletedTask;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.Run(
        () =>
        {
            var started = Stopwatch.GetTimestamp();
            AuditVerification result;
            try
            {
                result = registry.VerifyAuditChain();
            }
            catch (Exception e) when (e is FormatException or InvalidCastException or InvalidDataException or System.Data.Common.DbException)
            {
                // An entry that cannot even be read (a column edited to garbage) is a broken chain, not a crash.
                Failure = $"the audit log cannot be read to its end: {e.Message}";
                Broken(Failure);
                return;
            }

            if (result.Intact)
            {
                Verified(result.Entries, Stopwatch.GetElapsedTime(started).TotalSeconds);
            }
            else
            {
                Failure = $"the audit chain breaks at entry {result.FirstBadSeq}: {result.Reason}";
                Broken(Failure);
            }
        },
        stoppingToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit chain verified: {Entries} entries in {Seconds:F1} s.")]
    private partial void Verified(long entries, double seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Failure}; run 'egov-bio audit verify' and restore the registry from a backup.")]
    private partial void Broken(string failure);
}
