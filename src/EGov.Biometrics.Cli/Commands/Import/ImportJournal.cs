using System.Text;
using System.Text.Json;

namespace EGov.Biometrics.Cli.Commands.Import;

/// <summary>
/// The import's journal: one JSON line per row accounted for (<see cref="JournalEntry"/>), appended and flushed to disk
/// (fsync) before the rows count as done, so a run killed at any point resumes where it stopped. A line cut short by
/// the crash is dropped on open (its row is sent again; the server's idempotency key returns the first enrolment).
/// </summary>
internal sealed class ImportJournal : IDisposable
{
    private readonly FileStream _file;
    private readonly Lock _gate = new();

    public ImportJournal(string path)
    {
        Path = path;
        try
        {
            _file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The default sits beside the manifest, which may be on a read-only share.
            throw new CommandException($"Cannot write the journal {path} (--journal picks another file):", e);
        }

        Entries = Load(_file);
    }

    public string Path { get; }

    /// <summary>The entries found on open, by row (a later entry for a row wins).</summary>
    public IReadOnlyDictionary<int, JournalEntry> Entries { get; }

    public static string DefaultPath(string manifest) => manifest + ".journal";

    /// <summary>Appends the entries and returns once they are on disk.</summary>
    public void Append(IReadOnlyCollection<JournalEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }

        var text = new StringBuilder();
        foreach (var entry in entries)
        {
            text.Append(JsonSerializer.Serialize(entry, Json.Options)).Append('\n');
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        lock (_gate)
        {
            _file.Write(bytes);
            _file.Flush(flushToDisk: true);
        }
    }

    public void Dispose() => _file.Dispose();

    // Reads every whole line; the tail after the last newline (a write cut by a crash) is cut off so appends start on a line of their own.
    private static Dictionary<int, JournalEntry> Load(FileStream file)
    {
        var bytes = new byte[file.Length];
        file.ReadExactly(bytes);
        var whole = bytes.AsSpan().LastIndexOf((byte)'\n') + 1;
        file.SetLength(whole);
        file.Seek(whole, SeekOrigin.Begin);
        var entries = new Dictionary<int, JournalEntry>();
        foreach (var line in Encoding.UTF8.GetString(bytes, 0, whole).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                if (JsonSerializer.Deserialize<JournalEntry>(line, Json.Options) is { } entry)
                {
                    entries[entry.Row] = entry;
                }
            }
            catch (JsonException)
            {
                // A damaged line: its row is done again (exactly once by its idempotency key).
            }
        }

        return entries;
    }
}
