namespace EGov.Biometrics.Benchmarks.Accuracy;

/// <summary>
/// Labeled Faces in the Wild laid out as <c>images/NAME/NAME_NNNN.jpg</c> with the official <c>pairs.txt</c>
/// (first line "10 300", then per fold 300 matched and 300 mismatched lines).
/// </summary>
public sealed class LfwDataset
{
    private LfwDataset(string root, IReadOnlyList<LfwPair> pairs, IReadOnlyDictionary<string, IReadOnlyList<string>> people)
    {
        Root = root;
        Pairs = pairs;
        People = people;
    }

    public string Root { get; }

    public IReadOnlyList<LfwPair> Pairs { get; }

    /// <summary>Every person's images, in file-name order.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> People { get; }

    public int Folds => Pairs.Max(p => p.Fold) + 1;

    /// <summary>The same pairs and people over other images (derived from these, one for one): each path mapped by <paramref name="map"/>.</summary>
    public LfwDataset WithImages(string root, Func<string, string> map) => new(
        root,
        Pairs.Select(p => p with { First = map(p.First), Second = map(p.Second) }).ToList(),
        People.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.Select(map).ToList()));

    public static LfwDataset Load(string root)
    {
        var pairsFile = Path.Combine(root, "pairs.txt");
        var images = Path.Combine(root, "images");
        if (!File.Exists(pairsFile) || !Directory.Exists(images))
        {
            throw new FileNotFoundException($"{root} is not an LFW folder: it needs pairs.txt and images/NAME/NAME_NNNN.jpg.", pairsFile);
        }

        var lines = File.ReadAllLines(pairsFile);
        var header = lines[0].Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        var (folds, perSide) = (header[0], header[1]);
        string ImagePath(string name, string number) => Path.Combine(images, name, $"{name}_{int.Parse(number, System.Globalization.CultureInfo.InvariantCulture):D4}.jpg");

        var pairs = new List<LfwPair>(folds * perSide * 2);
        for (var i = 1; i < lines.Length; i++)
        {
            var f = lines[i].Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 0)
            {
                continue;
            }

            var fold = (i - 1) / (2 * perSide);
            pairs.Add(f.Length == 3
                ? new LfwPair(fold, ImagePath(f[0], f[1]), ImagePath(f[0], f[2]), true)
                : new LfwPair(fold, ImagePath(f[0], f[1]), ImagePath(f[2], f[3]), false));
        }

        if (pairs.Count != folds * perSide * 2)
        {
            throw new InvalidDataException($"pairs.txt announces {folds}x{2 * perSide} pairs but holds {pairs.Count}.");
        }

        var people = Directory.GetDirectories(images)
            .Order(StringComparer.Ordinal)
            .ToDictionary(
                d => Path.GetFileName(d),
                d => (IReadOnlyList<string>)Directory.GetFiles(d, "*.jpg").Order(StringComparer.Ordinal).ToList());
        return new LfwDataset(root, pairs, people);
    }
}
