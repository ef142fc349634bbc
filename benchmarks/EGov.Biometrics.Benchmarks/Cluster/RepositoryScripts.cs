namespace EGov.Biometrics.Benchmarks.Cluster;

/// <summary>The project's own scripts, found from the test's folder upwards (the tests start PostgreSQL as an operator does).</summary>
public static class RepositoryScripts
{
    public static string Postgres => Find(Path.Combine("scripts", "postgres.sh"));

    private static string Find(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"{relative} is not in any folder above {AppContext.BaseDirectory}.");
    }
}
