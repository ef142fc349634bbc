namespace EGov.Biometrics.Benchmarks.Tests;

/// <summary>
/// An LFW folder's layout with empty image files: enough for <c>LfwDataset.Load</c> and anything that only
/// needs the names (people with three images, then people with one), never for decoding.
/// </summary>
internal static class TinyLfwFolder
{
    public static string Write(string root, int multi, int singles)
    {
        for (var p = 0; p < multi + singles; p++)
        {
            var name = $"Person_{p:D2}";
            var dir = Directory.CreateDirectory(Path.Combine(root, "images", name)).FullName;
            for (var i = 1; i <= (p < multi ? 3 : 1); i++)
            {
                File.WriteAllBytes(Path.Combine(dir, $"{name}_{i:D4}.jpg"), []);
            }
        }

        // One fold of one matched and one mismatched pair.
        File.WriteAllText(Path.Combine(root, "pairs.txt"), "1\t1\nPerson_00\t1\t2\nPerson_00\t1\tPerson_01\t1\n");
        return root;
    }
}
