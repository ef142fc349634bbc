using CsvHelper;

namespace EGov.Biometrics.Cli.Commands.Import;

/// <summary>
/// Reads an import manifest: CSV (RFC 4180; quoted fields for paths with commas), one row per citizen,
/// <c>pinfl,path[,path…]</c>; an optional header row whose first field is <c>pinfl</c>; blank lines and lines starting
/// with <c>#</c> skipped; relative paths taken from the manifest's folder; a manifest separated by ';' or tabs refused whole. Each row keeps its line number, which the
/// report and the journal name. The rows are held in memory (about 200 bytes a row).
/// </summary>
internal static class Manifest
{
    public static IReadOnlyList<ManifestRow> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new CommandException($"No manifest at {path}.");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var options = new CsvReaderOptions
        {
            Separator = ',',
            HasHeader = false,
            CommentPrefix = '#',
            TrimWhitespace = true,
            TrackLineNumbers = true,
            MalformedData = CsvMalformedDataHandling.Throw,
        };
        var rows = new List<ManifestRow>();
        using var csv = CsvReader.FromFile(path, options);
        try
        {
            while (csv.Read())
            {
                var fields = Enumerable.Range(0, csv.FieldCount).Select(csv.GetString).ToArray();
                if (fields is [var only] && only.IndexOfAny([';', '\t']) is >= 0 and var at)
                {
                    // A spreadsheet saved with its locale's separator (Russian and Uzbek ones use ';'): every row would be
                    // one field, each refused as a bad PINFL, and the run would end "accounted for".
                    throw new CommandException($"{path} line {csv.LineNumber}: the fields are separated by '{(only[at] == ';' ? ";" : "\\t")}'; a manifest separates them with commas (pinfl,path[,path…]).");
                }

                var isHeader = rows.Count == 0 && fields.Length > 0 && string.Equals(fields[0], "pinfl", StringComparison.OrdinalIgnoreCase);
                if (isHeader || fields.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }

                var paths = fields.Skip(1).Where(f => f.Length > 0).Select(f => Path.GetFullPath(f, folder)).ToList();
                rows.Add(new ManifestRow((int)csv.LineNumber, fields[0], paths));
            }
        }
        catch (CsvFormatException e)
        {
            throw new CommandException($"{path}: not a CSV manifest: {e.Message}");
        }

        return rows;
    }
}
