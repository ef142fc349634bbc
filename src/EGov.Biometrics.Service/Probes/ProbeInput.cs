namespace EGov.Biometrics.Service.Probes;

/// <summary>A face as a front end received it: an image, an aligned crop from an edge agent, or a raw template.</summary>
public abstract record ProbeInput;
