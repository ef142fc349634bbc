using System.Reflection;
using System.Text.Json;

namespace EGov.Biometrics.Cli.Tests;

/// <summary>
/// egov-bio ships without the server, the benchmarks, the edge agent and their web and plotting libraries:
/// egov-bench has them, and 'egov-bio bench' runs it.
/// </summary>
public sealed class EgovBioDependencyTests
{
    private static readonly string[] Forbidden =
    [
        "egov-server", "EGov.Biometrics.Server", "egov-bench", "EGov.Biometrics.Benchmarks", "egov-edge", "EGov.Biometrics.Edge",
        "ScottPlot", "Microsoft.AspNetCore", "Grpc.AspNetCore", "prometheus-net",
    ];

    [Fact]
    public void Egov_bio_deps_json_names_no_server_benchmark_or_edge_agent_library()
    {
        // Written by the build of egov-bio and copied beside this test; publish copies what it lists. A project
        // reference shows here even when no code uses it.
        using var deps = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "egov-bio.deps.json")));
        var target = deps.RootElement.GetProperty("targets").EnumerateObject().First().Value;
        var libraries = target.EnumerateObject().ToDictionary(l => l.Name[..l.Name.IndexOf('/', StringComparison.Ordinal)], l => l.Value);

        var reachable = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<string>(["egov-bio"]);
        while (pending.TryPop(out var name))
        {
            if (reachable.Add(name) && libraries.TryGetValue(name, out var library) && library.TryGetProperty("dependencies", out var dependencies))
            {
                foreach (var dependency in dependencies.EnumerateObject())
                {
                    pending.Push(dependency.Name);
                }
            }
        }

        Assert.Contains("EGov.Biometrics.Registry", reachable);
        Assert.DoesNotContain(reachable, IsForbidden);
    }

    [Fact]
    public void Egov_bio_runs_without_the_asp_net_core_framework()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "egov-bio.runtimeconfig.json")));
        // One framework is written as "framework", more as "frameworks".
        var options = config.RootElement.GetProperty("runtimeOptions");
        var frameworks = (options.TryGetProperty("frameworks", out var several) ? several.EnumerateArray().ToList() : [options.GetProperty("framework")])
            .Select(f => f.GetProperty("name").GetString()!).ToList();

        Assert.Equal(["Microsoft.NETCore.App"], frameworks);
    }

    [Fact]
    public void Egov_bio_assembly_references_reach_no_server_benchmark_or_edge_agent_assembly()
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<Assembly>([typeof(CliApp).Assembly]);
        while (pending.TryPop(out var assembly))
        {
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                if (seen.Add(reference.Name!) && !IsFramework(reference.Name!))
                {
                    try
                    {
                        pending.Push(Assembly.Load(reference));
                    }
                    catch (FileNotFoundException)
                    {
                        // Not shipped (an optional platform reference): its name is what counts here.
                    }
                }
            }
        }

        Assert.Contains("EGov.Biometrics.CommandLine", seen);
        Assert.DoesNotContain(seen, IsForbidden);
    }

    private static bool IsForbidden(string name) => Forbidden.Any(f => name.StartsWith(f, StringComparison.OrdinalIgnoreCase));

    // The shared framework references only itself; walking it would only take time.
    private static bool IsFramework(string name) => name is "netstandard" or "mscorlib" || (name.StartsWith("System.", StringComparison.Ordinal) && name != "System.CommandLine");
}
