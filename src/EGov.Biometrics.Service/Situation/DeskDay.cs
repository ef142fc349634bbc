namespace EGov.Biometrics.Service.Situation;

/// <summary>One desk's running figures for one local day; a fixed size whatever the traffic. Its owner locks it.</summary>
internal sealed class DeskDay(DateOnly day)
{
    private readonly DurationHistogram _visits = new();
    private readonly DurationHistogram _requestToDecision = new();
    private readonly DurationHistogram _waiting = new();
    private readonly int[] _perHour = new int[24];

    public DateOnly Day { get; private set; } = day;

    public long Verifications { get; set; }

    public long Matches { get; set; }

    public long CapturesAccepted { get; set; }

    public long CapturesRejected { get; set; }

    public long LivenessFailures { get; set; }

    /// <summary>When the last capture arrived (kept across midnight: it is a time, not a count).</summary>
    public DateTimeOffset? LastCapture { get; set; }

    /// <summary>The hall's last reported count (kept across midnight: people do not leave at 00:00).</summary>
    public int Waiting { get; set; }

    public void RollTo(DateOnly today)
    {
        if (today == Day)
        {
            return;
        }

        Day = today;
        _visits.Clear();
        _requestToDecision.Clear();
        _waiting.Clear();
        Array.Clear(_perHour);
        Verifications = Matches = CapturesAccepted = CapturesRejected = LivenessFailures = 0;
    }

    public void Visit(double seconds) => _visits.Add(seconds);

    public void Verified(int localHour, bool match, bool livenessFailed, double requestToDecisionSeconds)
    {
        Verifications++;
        _perHour[localHour]++;
        Matches += match ? 1 : 0;
        LivenessFailures += livenessFailed ? 1 : 0;
        _requestToDecision.Add(requestToDecisionSeconds);
    }

    public void Waited(double seconds) => _waiting.Add(seconds);

    public DeskActivityFigures Figures() => new(
        _visits.Count, _visits.Percentiles(), Verifications, Matches, [.. _perHour], _requestToDecision.Percentiles(),
        CapturesAccepted, CapturesRejected, LivenessFailures, LastCapture, Waiting, _waiting.Percentiles());
}
