using System.Reflection;
using Xunit.Sdk;

namespace EGov.Biometrics.Registry.Tests;

/// <summary>Runs a theory once on each store: its only (or last) parameter is the <see cref="Store"/>.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BothStoresAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[Store.Sqlite], [Store.Postgres]];
}
