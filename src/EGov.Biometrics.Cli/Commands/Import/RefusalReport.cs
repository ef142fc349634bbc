using System.Globalization;
using CsvHelper;

namespace EGov.Biometrics.Cli.Commands.Import;

/// <summary>
/// The CSV report of every refused row (of this run and the runs it resumed), in manifest order:
/// <c>row,pinfl,reason,detail,file,other_row,other_pinfl</c>. Written aside and renamed, so a reader never sees half of it.
/// It is read in spreadsheets: a UTF-8 byte order mark so "°" and Cyrillic survive, and a field that starts like a formula
/// (a file named "=HYPERLINK(…)") is escaped so the spreadsheet shows it as text instead of running it.
/// </summary>
internal static class RefusalReport
{
    public static string DefaultPath(string manifest) => System.IO.Path.ChangeExtension(manifest, null) + ".refusals.csv";

    public static void Write(string path, IEnumerable<JournalEntry> entries)
    {
        try
        {
            WriteAside(path, entries);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandException($"Cannot write the report {path} (--report picks another file):", e);
        }
    }

    private static void WriteAside(string path, IEnumerable<JournalEntry> entries)
    {
        var temporary = path + ".tmp";
        using (var csv = CsvWriter.ToFile(temporary, new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.Escape }))
        {
            csv.WriteHeader(["row", "pinfl", "reason", "detail", "file", "other_row", "other_pinfl"]);
            foreach (var e in entries.Where(e => !e.IsEnrolled).OrderBy(e => e.Row))
            {
                csv.WriteRecord([
                    e.Row.ToString(CultureInfo.InvariantCulture), e.Pinfl, e.Reason, e.Detail, e.File,
                    e.OtherRow == 0 ? string.Empty : e.OtherRow.ToString(CultureInfo.InvariantCulture), e.OtherPinfl]);
            }
        }

        File.Move(temporary, path, overwrite: true);
    }
}
