namespace EGov.Biometrics.Cluster.Tests.Processes;

/// <summary>
/// The process tests run one at a time and alone (no other test of the assembly beside them): each starts its own
/// PostgreSQL and up to four servers, and a silo's recovery time is measured, which a neighbour's load would skew.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCollection
{
    public const string Name = "cluster processes";
}
