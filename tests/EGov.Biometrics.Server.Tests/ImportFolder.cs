using EGov.Biometrics.Edge.TestSupport;
using EGov.Biometrics.Server.Hosting;
using EGov.Biometrics.Vision.Models;
using OpenCvSharp;

namespace EGov.Biometrics.Server.Tests;

/// <summary>
/// A folder of photos and manifests for egov-bio import. The sample portraits show four people who pass the capture
/// gates (1 and 3 are two photos of one person; 2 has the head turned); a mirrored and rescaled copy stands in for a
/// second photo of the others. A flat picture shows no face, the group photo several people, and a text file is no image.
/// </summary>
internal sealed class ImportFolder : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("egov-import-");

    public string Path => _folder.FullName;

    /// <summary>The portrait of sample <paramref name="sample"/> copied in (named pN.jpg); its file name.</summary>
    public string Portrait(int sample)
    {
        var name = $"p{sample}.jpg";
        File.Copy(SamplePortraits.PathOf(sample), Combine(name), overwrite: true);
        return name;
    }

    /// <summary>The portrait mirrored and scaled to 85 %: another photo of the same person (named mN.jpg).</summary>
    public string Mirrored(int sample)
    {
        var name = $"m{sample}.jpg";
        using var portrait = Cv2.ImRead(SamplePortraits.PathOf(sample));
        using var flipped = new Mat();
        using var scaled = new Mat();
        Cv2.Flip(portrait, flipped, FlipMode.Y);
        Cv2.Resize(flipped, scaled, new Size(0, 0), 0.85, 0.85, InterpolationFlags.Area);
        Cv2.ImWrite(Combine(name), scaled, new ImageEncodingParam(ImwriteFlags.JpegQuality, 92));
        return name;
    }

    /// <summary>A wall: a plain picture with no face.</summary>
    public string NoFace()
    {
        using var wall = new Mat(480, 640, MatType.CV_8UC3, new Scalar(120, 160, 190));
        Cv2.Rectangle(wall, new Rect(200, 150, 240, 180), new Scalar(60, 80, 90), -1);
        Cv2.ImWrite(Combine("wall.jpg"), wall);
        return "wall.jpg";
    }

    /// <summary>A group photo of three people.</summary>
    public string Group()
    {
        File.Copy(ModelStore.Discover().AssetPath("sample1"), Combine("group.jpg"), overwrite: true);
        return "group.jpg";
    }

    /// <summary>A text file named like a photo.</summary>
    public string NotAnImage()
    {
        File.WriteAllText(Combine("notes.jpg"), "not a photo");
        return "notes.jpg";
    }

    /// <summary>Writes a manifest (a header and the rows) and returns its path.</summary>
    public string Manifest(string name, params (string Pinfl, string Photo)[] rows)
    {
        var path = Combine(name);
        File.WriteAllLines(path, ["pinfl,photo", .. rows.Select(r => $"{r.Pinfl},{r.Photo}")]);
        return path;
    }

    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>The options every egov-bio client command takes to reach <paramref name="server"/> with <paramref name="key"/>.</summary>
    public static string[] Connection(RunningServer server, string key) =>
        ["--server", server.Address, "--api-key", key, "--ca", server.Data.PathOf(DataDirectory.PublicCertificateFile), "--desk", "import-test"];

    /// <summary>The refusal report's rows (after its header).</summary>
    public static List<string[]> Report(string path)
    {
        using var csv = CsvHelper.CsvReader.FromFile(path, new CsvHelper.CsvReaderOptions { Separator = ',', HasHeader = true });
        var rows = new List<string[]>();
        while (csv.Read())
        {
            rows.Add([.. Enumerable.Range(0, csv.FieldCount).Select(csv.GetString)]);
        }

        return rows;
    }

    /// <summary>Runs egov-bio in this process and captures what it prints.</summary>
    public static (int Exit, string Output, string Error) Run(string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = Cli.CliApp.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
