using System.Text.Json;

namespace EGov.Biometrics.Benchmarks.Tests;

public sealed class BenchLfwTests : IDisposable
{
    private readonly DirectoryInfo _temp = Directory.CreateTempSubdirectory("egov-lfw-");

    [Fact]
    public void Bench_lfw_reports_verification_identification_calibration_and_plots()
    {
        var dataset = Path.Combine(_temp.FullName, "lfw");
        var plots = Path.Combine(_temp.FullName, "plots");
        SyntheticLfw.Write(dataset);

        var json = BenchRunner.RunJson("lfw", "--dataset", dataset, "--plot-dir", plots, "--json");

        Assert.Equal("faceplugin-arcface-r512", json.GetProperty("model").GetString());
        Assert.Equal(12, json.GetProperty("pairs").GetInt32());
        Assert.Equal(44, json.GetProperty("images").GetInt32());
        Assert.InRange(json.GetProperty("accuracy_mean").GetDouble(), 0.9, 1.0);
        Assert.InRange(json.GetProperty("auc").GetDouble(), 0.9, 1.0);
        Assert.True(json.TryGetProperty("tar_at_far_1e-3", out _));
        Assert.Equal(0, json.GetProperty("detect_fallbacks").GetInt32());
        Assert.True(json.GetProperty("ms_per_image").GetDouble() > 0);

        var identification = json.GetProperty("identification");
        Assert.Equal(20, identification.GetProperty("gallery_subjects").GetInt32());
        Assert.Equal(4, identification.GetProperty("non_mated_probes").GetInt32());
        Assert.InRange(identification.GetProperty("rank1").GetDouble(), 0.9, 1.0);
        Assert.True(identification.TryGetProperty("fnir_at_fpir_0.01", out _));
        Assert.True(identification.TryGetProperty("fnir_at_fpir_0.003", out _));

        // 22 people with 2 images: 924 impostor pairs put fewer than ten scores above even FMR 1e-2, so no
        // threshold is resolved and there is no tail to extrapolate from: the table is empty, not invented.
        var calibration = json.GetProperty("calibration");
        Assert.Equal(924, calibration.GetProperty("impostor_pairs").GetInt64());
        Assert.Empty(calibration.GetProperty("thresholds").EnumerateArray());

        var files = json.GetProperty("plots").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.Equal(3, files.Count);
        Assert.All(files, f => Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(f)[..4]));
    }

    [Fact]
    public void Bench_lfw_fusion_measures_each_embedder_alone_with_flip_and_fused_in_one_run()
    {
        var dataset = Path.Combine(_temp.FullName, "lfw");
        var cache = Path.Combine(_temp.FullName, "embeddings");
        SyntheticLfw.Write(dataset);

        var json = BenchRunner.RunJson("lfw", "--dataset", dataset, "--fusion", "--embedding-cache", cache, "--json");

        Assert.Equal(12, json.GetProperty("pairs").GetInt32());
        Assert.Equal(44, json.GetProperty("images").GetInt32());
        Assert.Equal(924, json.GetProperty("impostor_pairs").GetInt64());
        var rows = json.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(6, rows.Count);
        var names = rows.Select(r => r.GetProperty("name").GetString()!).ToList();
        Assert.StartsWith("faceplugin-arcface-r512", names[0]);
        Assert.StartsWith("dlib-resnet29-faceapi", names[1]);
        Assert.EndsWith("+flip", names[2]);
        Assert.EndsWith("+flip", names[3]);
        Assert.StartsWith("fused z-sum", names[4]);
        Assert.Contains("+flip", names[5]);

        // The fusion's weight is the inverse impostor deviations' share: the dlib model's impostor scores bunch
        // far tighter than the ArcFace model's, so its scores weigh more.
        var (arcStd, dlibStd) = (rows[0].GetProperty("impostor_std").GetDouble(), rows[1].GetProperty("impostor_std").GetDouble());
        Assert.Equal(1 / arcStd / ((1 / arcStd) + (1 / dlibStd)), json.GetProperty("first_weight").GetDouble(), 6);
        Assert.True(json.GetProperty("first_weight").GetDouble() < 0.5);

        // Fused costs both embedders; with flip, each twice.
        double Ms(int i) => rows[i].GetProperty("ms_per_face").GetDouble();
        var locate = json.GetProperty("locate_ms").GetDouble();
        Assert.Equal(Ms(0) + Ms(1) - locate, Ms(4), 6);
        Assert.Equal(Ms(2) + Ms(3) - locate, Ms(5), 6);

        // The embeddings are cached: plain and flipped for each embedder.
        Assert.Equal(4, Directory.GetFiles(cache, "lfw-embeddings-*.bin").Length);
    }

    [Fact]
    public void Bench_lfw_fusion_with_jitters_adds_the_facades_jittered_dlib_chip_alone_and_fused_with_the_first_embedder()
    {
        var dataset = Path.Combine(_temp.FullName, "lfw");
        var cache = Path.Combine(_temp.FullName, "embeddings");
        SyntheticLfw.Write(dataset);

        var json = BenchRunner.RunJson("lfw", "--dataset", dataset, "--fusion", "--jitters", "2", "--embedding-cache", cache, "--json");

        var rows = json.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(8, rows.Count);
        var names = rows.Select(r => r.GetProperty("name").GetString()!).ToList();
        Assert.Equal("dlib-resnet29-faceapi RGB dlib 150x150 chip jitter 2", names[4]);
        Assert.StartsWith("fused z-sum: faceplugin-arcface-r512 BGR 5-pt similarity", names[7]);
        Assert.EndsWith("+ dlib-resnet29-faceapi RGB dlib 150x150 chip jitter 2", names[7]);

        // Its own impostor deviation sets its weight, and the fused cost is both embedders' beside one location.
        var (arcStd, chipStd) = (rows[0].GetProperty("impostor_std").GetDouble(), rows[4].GetProperty("impostor_std").GetDouble());
        Assert.Contains($"(weight {1 / arcStd / ((1 / arcStd) + (1 / chipStd)):F3})", names[7], StringComparison.Ordinal);
        double Ms(int i) => rows[i].GetProperty("ms_per_face").GetDouble();
        Assert.Equal(Ms(0) + Ms(4) - json.GetProperty("locate_ms").GetDouble(), Ms(7), 6);
        Assert.Equal(5, Directory.GetFiles(cache, "lfw-embeddings-*.bin").Length);

        var refused = BenchRunner.Run("lfw", "--dataset", dataset, "--fusion", "--jitters", "0");
        Assert.NotEqual(0, refused.Exit);
        Assert.Contains("--jitters 0 must be 1 or more", refused.Error, StringComparison.Ordinal);
        var ignored = BenchRunner.Run("lfw", "--dataset", dataset, "--jitters", "8");
        Assert.NotEqual(0, ignored.Exit);
        Assert.Contains("--jitters applies to --face-recognition and --fusion only", ignored.Error, StringComparison.Ordinal);
        var meanShape = BenchRunner.Run("lfw", "--dataset", dataset, "--alignment", "mean-shape", "--distractors", "100");
        Assert.NotEqual(0, meanShape.Exit);
        Assert.Contains("leave out --face-recognition, --fusion and --distractors", meanShape.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bench_lfw_portrait_cuts_tight_greyscale_portraits_and_reports_them_beside_the_originals()
    {
        var dataset = Path.Combine(_temp.FullName, "lfw");
        var cache = Path.Combine(_temp.FullName, "portraits");
        SyntheticLfw.Write(dataset);

        var json = BenchRunner.RunJson("lfw", "--dataset", dataset, "--variant", "portrait", "--portrait-dir", cache, "--no-identification", "--json");

        var (original, portrait) = (json.GetProperty("original"), json.GetProperty("portrait"));
        Assert.Equal(12, original.GetProperty("pairs").GetInt32());
        Assert.Equal(12, portrait.GetProperty("pairs").GetInt32());
        Assert.Equal(18, portrait.GetProperty("pair_images").GetInt32()); // 6 matched pairs' 12 images and 6 more images of the mismatched
        Assert.Equal(18, original.GetProperty("pair_images").GetInt32());
        Assert.Equal(["direct"], original.GetProperty("detection_methods").EnumerateObject().Select(m => m.Name));
        var methods = portrait.GetProperty("detection_methods").EnumerateObject().ToDictionary(m => m.Name, m => m.Value.GetInt32());
        Assert.Equal(18 - portrait.GetProperty("detect_fallbacks").GetInt32(), methods.Values.Sum());
        Assert.True(methods.GetValueOrDefault("padded") > 0, "tight portraits are found in the border");
        Assert.Equal(1 - (portrait.GetProperty("detect_fallbacks").GetInt32() / 18.0), json.GetProperty("detection_rate").GetDouble(), 6);
        Assert.Equal(
            (original.GetProperty("accuracy_mean").GetDouble() - portrait.GetProperty("accuracy_mean").GetDouble()) * 100,
            json.GetProperty("accuracy_drop_points").GetDouble(), 6);
        Assert.False(portrait.TryGetProperty("identification", out _));
        Assert.Equal(1.1f, json.GetProperty("fallbacks").GetProperty("tall_aspect").GetSingle());
        Assert.True(json.GetProperty("finder_ms").GetDouble() >= json.GetProperty("detector_ms").GetDouble() * 0.5);
        var nonFaces = json.GetProperty("non_faces");
        Assert.Equal(420, nonFaces.GetProperty("images").GetInt32());
        var falseFromFallbacks = nonFaces.GetProperty("finder_false_faces").EnumerateObject().Where(m => m.Name != "direct").Sum(m => m.Value.GetInt32());
        Assert.Equal(0, falseFromFallbacks); // the fallbacks add no false face to the detector's own

        // Every pair image became a 90x110 one-channel PNG under the cache folder.
        var files = Directory.GetFiles(json.GetProperty("portraits").GetString()!, "*.png", SearchOption.AllDirectories);
        Assert.Equal(18, files.Length);
        Assert.StartsWith(cache, files[0], StringComparison.Ordinal);
        using var first = OpenCvSharp.Cv2.ImRead(files[0], OpenCvSharp.ImreadModes.Unchanged);
        Assert.Equal((90, 110, 1), (first.Cols, first.Rows, first.Channels()));
    }

    [Fact]
    public void Bench_lfw_portrait_refuses_compare_and_a_width_below_the_upload_minimum()
    {
        var dataset = Path.Combine(_temp.FullName, "lfw");
        SyntheticLfw.Write(dataset);

        var (compare, _, compareError) = BenchRunner.Run("lfw", "--dataset", dataset, "--variant", "portrait", "--compare");
        var (narrow, _, narrowError) = BenchRunner.Run("lfw", "--dataset", dataset, "--variant", "portrait", "--portrait-width", "20");

        Assert.Equal(2, compare);
        Assert.Contains("--compare", compareError, StringComparison.Ordinal);
        Assert.Equal(2, narrow);
        Assert.Contains("--portrait-width 20", narrowError, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_without_pairs_is_refused_with_its_name()
    {
        var (exit, _, error) = BenchRunner.Run("lfw", "--dataset", _temp.FullName);

        Assert.Equal(2, exit);
        Assert.Contains("pairs.txt", error, StringComparison.Ordinal);
    }

    public void Dispose() => _temp.Delete(recursive: true);
}
