using EGov.Biometrics.Vision.Pipeline;

namespace EGov.Biometrics.Vision.Tests;

[Collection(VisionCollection.Name)]
public sealed class PipelineTests(VisionFixture vision)
{
    [Fact]
    public void Every_stage_runs_for_every_face()
    {
        var faces = vision.Pipeline.Analyze(vision.Sample(5).Bgr);
        try
        {
            Assert.Equal(5, faces.Count);
            Assert.All(faces, f =>
            {
                Assert.NotNull(f.Embedding);
                Assert.NotNull(f.Quality);
                Assert.NotNull(f.Liveness);
                Assert.Equal(68, f.Landmarks.Points68.Count);
            });

            // Largest face first.
            Assert.True(faces.Zip(faces.Skip(1)).All(p => p.First.Detection.Box.Area >= p.Second.Detection.Box.Area));
        }
        finally
        {
            foreach (var face in faces)
            {
                face.Dispose();
            }
        }
    }

    [Fact]
    public void Concurrent_callers_get_the_same_results_as_one_caller()
    {
        var image = vision.Sample(4).Bgr;
        var expected = Embeddings(image, new AnalysisOptions { Parallel = false });

        var results = new float[8][][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => results[i] = Embeddings(image, AnalysisOptions.All));

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void Max_faces_keeps_the_largest()
    {
        var all = vision.Pipeline.Detector.Detect(vision.Sample(5).Bgr);
        var faces = vision.Pipeline.Analyze(vision.Sample(5).Bgr, AnalysisOptions.DetectOnly with { MaxFaces = 2 });
        try
        {
            Assert.Equal(2, faces.Count);
            Assert.Equal(all.Select(d => d.Box.Area).OrderDescending().Take(2), faces.Select(f => f.Detection.Box.Area));
            Assert.All(faces, f => Assert.Null(f.Embedding));
        }
        finally
        {
            foreach (var face in faces)
            {
                face.Dispose();
            }
        }
    }

    private float[][] Embeddings(OpenCvSharp.Mat image, AnalysisOptions options)
    {
        var faces = vision.Pipeline.Analyze(image, options);
        foreach (var face in faces)
        {
            face.Dispose();
        }

        return faces.Select(f => f.Embedding!.Vector).ToArray();
    }
}
