using EGov.Biometrics.Edge.TestSupport;
using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Pipeline;
using Xunit.Abstractions;

namespace EGov.Biometrics.Console.Tests;

public sealed class ScratchIdentityTests(ITestOutputHelper output)
{
    [Fact]
    public void Print()
    {
        using var vision = new EdgeVisionFixture();
        var second = Embed(vision, vision.Person(3, 0));
        foreach (var n in new[] { 1, 2, 4, 5, 6 })
        {
            using var photo = ImageDecoder.DecodeFile(SamplePhotos.PathOf(n));
            var faces = vision.Pipeline.Analyze(photo.Bgr, new AnalysisOptions { Quality = false, Liveness = false, MaxFaces = 1 });
            var v = faces[0].Embedding!.Vector;
            output.WriteLine($"sample{n}: {second.Zip(v, (a, b) => a * b).Sum():F3}");
        }
    }

    private static float[] Embed(EdgeVisionFixture vision, OpenCvSharp.Mat patch)
    {
        using var frame = DeskScene.Frame((patch, 0, 0));
        return vision.Pipeline.Analyze(frame, new AnalysisOptions { Quality = false, Liveness = false, MaxFaces = 1 })[0].Embedding!.Vector;
    }
}
