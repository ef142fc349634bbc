namespace EGov.Biometrics.Service.Decisions;

/// <summary>What to do when an enrolment looks like someone already enrolled.</summary>
public enum DuplicateHandling
{
    /// <summary>Refuse the enrolment (the default; any role that may enrol).</summary>
    Reject,

    /// <summary>Enrol anyway and flag it (a supervisor's decision).</summary>
    Flag,
}
