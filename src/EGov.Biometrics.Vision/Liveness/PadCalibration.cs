namespace EGov.Biometrics.Vision.Liveness;

/// <summary>
/// How the passive signals add up to one liveness score. Each signal becomes evidence in log-odds, zero at its own
/// threshold, positive on the bona fide side and capped there at +1 (a clean signal proves little), uncapped on the
/// attack side (a clear artefact outweighs the rest); the evidence is summed with a bias and mapped to [0, 1], 0.5
/// being the operating threshold. So no single passive score decides alone unless it is far out. The thresholds
/// were set on bona fide images (the sample photos and LFW) with <c>egov-bio bench pad</c>; docs/security.md has
/// the figures. Black level and glare are measured but not used: on bona fide photos they overlap the attacks.
/// </summary>
public sealed record PadCalibration(
    float Bias,
    float MiniFasThreshold,
    float MiniFasWeight,
    float MoireThreshold,
    float MoireScale,
    float StripesThreshold,
    float StripesScale)
{
    /// <summary>
    /// MiniFAS at 0.01 with half weight (bona fide faces scored as low as 0.0001 on LFW); moiré above 1.55 (bona fide
    /// 99th percentile 1.46); colour stripes above 3.0 (bona fide 99th percentile 2.40), on the sample photos and the first 300 LFW images.
    /// </summary>
    public static PadCalibration Default { get; } = new(
        Bias: 0.5f,
        MiniFasThreshold: 0.01f, MiniFasWeight: 0.5f,
        MoireThreshold: 1.55f, MoireScale: 0.05f,
        StripesThreshold: 3.0f, StripesScale: 0.3f);

    /// <summary>The liveness score of one frame's signals.</summary>
    public float Combine(float miniFas, PadCues cues)
    {
        var evidence = Bias
            + Math.Min(1f, MiniFasWeight * (Logit(miniFas) - Logit(MiniFasThreshold)))
            + Below(cues.Moire, MoireThreshold, MoireScale)
            + Below(cues.Stripes, StripesThreshold, StripesScale);
        return 1 / (1 + MathF.Exp(-evidence));
    }

    private static float Below(float value, float threshold, float scale) => Math.Min(1f, (threshold - value) / scale);

    private static float Logit(float p)
    {
        var q = Math.Clamp(p, 1e-6f, 1 - 1e-6f);
        return MathF.Log(q / (1 - q));
    }
}
