using System.Text.Json;

namespace EGov.Biometrics.Cli.Tests;

public sealed class CommandTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("egov-cli-");

    [Fact]
    public void Detect_prints_every_face_with_box_landmarks_quality_and_liveness()
    {
        var json = CliRunner.RunJson("detect", CliRunner.Sample(5), "--json");

        Assert.Equal("sample5.jpg", json.GetProperty("image").GetString());
        Assert.Equal(1920, json.GetProperty("width").GetInt32());
        Assert.Equal(1398, json.GetProperty("height").GetInt32());
        var faces = json.GetProperty("faces").EnumerateArray().ToList();
        Assert.Equal(5, faces.Count);
        foreach (var face in faces)
        {
            var box = face.GetProperty("box");
            Assert.True(box.GetProperty("w").GetSingle() > 100 && box.GetProperty("h").GetSingle() > 100);
            Assert.InRange(box.GetProperty("x").GetSingle(), 0, 1920);
            Assert.InRange(face.GetProperty("score").GetSingle(), 0.5f, 1f);
            Assert.Equal("direct", face.GetProperty("detection").GetString());
            Assert.Equal(5, face.GetProperty("landmarks").GetArrayLength());
            Assert.All(face.GetProperty("landmarks").EnumerateArray(), p => Assert.Equal(2, p.GetArrayLength()));
            Assert.InRange(face.GetProperty("quality").GetProperty("overall").GetSingle(), 0f, 1f);
            Assert.InRange(face.GetProperty("liveness").GetSingle(), 0f, 1f);
        }
    }

    [Theory]
    [InlineData("group.jp2", OpenCvSharp.ImreadModes.Color)]
    [InlineData("group.tiff", OpenCvSharp.ImreadModes.Color)]
    [InlineData("group.pgm", OpenCvSharp.ImreadModes.Grayscale)]
    public void Detect_reads_the_formats_registries_hold(string name, OpenCvSharp.ImreadModes mode)
    {
        // The three-person sample photo, re-encoded as a registry would hold it (a PGM is greyscale).
        var path = Path.Combine(_temp.FullName, name);
        using (var photo = OpenCvSharp.Cv2.ImRead(CliRunner.Sample(1), mode))
        {
            Assert.True(photo.SaveImage(path), $"OpenCV could not write {name}");
        }

        var json = CliRunner.RunJson("detect", path, "--json");

        Assert.Equal(name, json.GetProperty("image").GetString());
        Assert.Equal(3, json.GetProperty("faces").GetArrayLength());
    }

    [Fact]
    public void Detect_without_json_prints_a_table()
    {
        var (exit, output, _) = CliRunner.Run("detect", CliRunner.Sample(1));

        Assert.Equal(0, exit);
        Assert.Contains("3 face(s)", output, StringComparison.Ordinal);
        Assert.Equal(3, output.Split('\n').Count(l => l.TrimStart() is ['1' or '2' or '3', ' ', ..]));
    }

    [Fact]
    public void Embed_prints_unit_embeddings_and_writes_aligned_crops()
    {
        var json = CliRunner.RunJson("embed", CliRunner.Sample(1), "--json", "--aligned-out", _temp.FullName);

        Assert.Equal("faceplugin-arcface-r512", json.GetProperty("model").GetString());
        var faces = json.GetProperty("faces").EnumerateArray().ToList();
        Assert.Equal(3, faces.Count);
        foreach (var face in faces)
        {
            var vector = face.GetProperty("embedding").EnumerateArray().Select(v => v.GetDouble()).ToList();
            Assert.Equal(512, vector.Count);
            Assert.Equal("direct", face.GetProperty("detection").GetString());
            Assert.Equal(1.0, Math.Sqrt(vector.Sum(v => v * v)), 3);
            Assert.True(File.Exists(face.GetProperty("aligned").GetString()));
        }

        Assert.Equal(3, _temp.GetFiles("*.png").Length);
    }

    [Fact]
    public void Detect_and_embed_report_how_a_tight_greyscale_portrait_was_found()
    {
        // A registry-style portrait: sample3's largest face cut to its box (grown to 9:11), 90x110, greyscale.
        var box = CliRunner.RunJson("detect", CliRunner.Sample(3), "--json").GetProperty("faces").EnumerateArray()
            .Select(f => f.GetProperty("box")).MaxBy(b => b.GetProperty("w").GetSingle() * b.GetProperty("h").GetSingle());
        var (x, y, w, h) = (box.GetProperty("x").GetSingle(), box.GetProperty("y").GetSingle(), box.GetProperty("w").GetSingle(), box.GetProperty("h").GetSingle());
        var height = Math.Max(h, w * 11 / 9);
        var path = Path.Combine(_temp.FullName, "registry.png");
        using (var photo = OpenCvSharp.Cv2.ImRead(CliRunner.Sample(3)))
        using (var crop = new OpenCvSharp.Mat(photo, new OpenCvSharp.Rect((int)(x + (w / 2) - (height * 9 / 22)), (int)(y + (h / 2) - (height / 2)), (int)(height * 9 / 11), (int)height)))
        using (var small = crop.Resize(new OpenCvSharp.Size(90, 110), 0, 0, OpenCvSharp.InterpolationFlags.Area))
        using (var grey = small.CvtColor(OpenCvSharp.ColorConversionCodes.BGR2GRAY))
        {
            grey.SaveImage(path);
        }

        var detected = CliRunner.RunJson("detect", path, "--json").GetProperty("faces").EnumerateArray().ToList();
        var embedded = CliRunner.RunJson("embed", path, "--json").GetProperty("faces").EnumerateArray().ToList();
        var (exit, table, _) = CliRunner.Run("detect", path);

        Assert.Equal("padded", Assert.Single(detected).GetProperty("detection").GetString());
        Assert.Equal("padded", Assert.Single(embedded).GetProperty("detection").GetString());
        Assert.Equal(0, exit);
        Assert.Contains(" padded ", table, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_matches_a_photo_with_itself_and_not_with_another_person()
    {
        var same = CliRunner.RunJson("compare", CliRunner.Sample(6), CliRunner.Sample(6), "--json");
        Assert.True(same.GetProperty("match").GetBoolean());
        Assert.Equal(1.0, same.GetProperty("similarity").GetDouble(), 3);

        // The largest faces of sample2 and sample5 are different people.
        var different = CliRunner.RunJson("compare", CliRunner.Sample(2), CliRunner.Sample(5), "--json");
        Assert.False(different.GetProperty("match").GetBoolean());
        Assert.True(different.GetProperty("similarity").GetDouble() < different.GetProperty("threshold").GetDouble());
    }

    [Fact]
    public void Compare_and_embed_take_the_embedder_by_model_id_with_that_models_calibration()
    {
        // sample3's largest face is a second photo of sample1's person; sample2's and sample5's are different people.
        var same = CliRunner.RunJson("compare", CliRunner.Sample(1), CliRunner.Sample(3), "--model", "dlib-resnet29-faceapi", "--json");
        var different = CliRunner.RunJson("compare", CliRunner.Sample(2), CliRunner.Sample(5), "--model", "dlib-resnet29-faceapi", "--json");
        var embedded = CliRunner.RunJson("embed", CliRunner.Sample(1), "--model", "dlib-resnet29-faceapi", "--json");

        Assert.True(same.GetProperty("match").GetBoolean(), same.ToString());
        Assert.False(different.GetProperty("match").GetBoolean(), different.ToString());
        // dlib's own calibration (cosine 0.941 at FMR 1e-4), not the default embedder's.
        Assert.Equal(0.941, same.GetProperty("threshold").GetDouble(), 3);
        Assert.Equal("dlib-resnet29-faceapi", embedded.GetProperty("model").GetString());
        Assert.Equal(128, embedded.GetProperty("dimension").GetInt32());
        Assert.Equal(3, embedded.GetProperty("faces").GetArrayLength());
    }

    [Fact]
    public void A_model_that_is_not_an_embedder_exits_2_and_names_the_embedders()
    {
        var (exit, _, error) = CliRunner.Run("compare", CliRunner.Sample(1), CliRunner.Sample(3), "--model", "faceplugin-landmark68");

        Assert.Equal(2, exit);
        Assert.Contains("'faceplugin-landmark68' is not an embedder", error, StringComparison.Ordinal);
        Assert.Contains("dlib-resnet29-faceapi", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_exits_2_and_names_it()
    {
        var (exit, output, error) = CliRunner.Run("detect", Path.Combine(_temp.FullName, "nobody.jpg"), "--json");

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("nobody.jpg", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_an_image_exits_2_with_the_reason()
    {
        var path = Path.Combine(_temp.FullName, "notes.jpg");
        File.WriteAllText(path, "these are not pixels");

        var (exit, _, error) = CliRunner.Run("embed", path, "--json");

        Assert.Equal(2, exit);
        Assert.Contains("not a recognised image format", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_without_a_face_exits_2()
    {
        var path = Path.Combine(_temp.FullName, "wall.png");
        using (var wall = new OpenCvSharp.Mat(240, 320, OpenCvSharp.MatType.CV_8UC3, OpenCvSharp.Scalar.Beige))
        {
            wall.SaveImage(path);
        }

        var (exit, _, error) = CliRunner.Run("compare", path, CliRunner.Sample(1));

        Assert.Equal(2, exit);
        Assert.Contains("No face found in wall.png", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Portrait_cuts_one_person_out_of_a_group_photo_and_names_a_face_that_is_not_there()
    {
        var portrait = Path.Combine(_temp.FullName, "one.jpg");

        var (exit, output, error) = CliRunner.Run("portrait", CliRunner.Sample(5), "--out", portrait);
        var faces = CliRunner.RunJson("detect", portrait, "--json").GetProperty("faces").EnumerateArray().ToList();
        var (missing, _, missingError) = CliRunner.Run("portrait", CliRunner.Sample(5), "--out", portrait, "--face", "6");

        Assert.True(exit == 0, error);
        Assert.Contains("around face 1 of 5 in sample5.jpg", output, StringComparison.Ordinal);
        Assert.Single(faces); // the group photo holds 5
        Assert.Equal(2, missing);
        Assert.Contains("sample5.jpg shows 5 face(s); --face 6 is not one of them", missingError, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Delete(recursive: true);
}
