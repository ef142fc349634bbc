namespace EGov.Biometrics.Service.Probes;

/// <summary>An embedding computed elsewhere. Only back-office roles may send one (see <see cref="ProbeResolver"/>).</summary>
public sealed record TemplateProbe(string ModelId, float[] Vector) : ProbeInput;
