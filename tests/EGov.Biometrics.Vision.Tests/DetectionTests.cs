using EGov.Biometrics.Vision.Detection;
using EGov.Biometrics.Vision.Imaging;

namespace EGov.Biometrics.Vision.Tests;

[Collection(VisionCollection.Name)]
public sealed class DetectionTests(VisionFixture vision)
{
    public static TheoryData<int> Samples => [1, 2, 3, 4, 5, 6];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Finds_exactly_the_faces_a_person_counts(int sample)
    {
        var faces = vision.Pipeline.Detector.Detect(vision.Sample(sample).Bgr);

        Assert.Equal(VisionFixture.ExpectedFaces[sample - 1], faces.Count);
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Boxes_sit_on_faces(int sample)
    {
        var image = vision.Sample(sample);
        var faces = vision.Pipeline.Detector.Detect(image.Bgr);

        foreach (var face in faces)
        {
            Assert.InRange(face.Score, 0.9f, 1f);

            // Faces in these 1920-pixel photos are 150–320 pixels tall, and the box is taller than wide or nearly square.
            Assert.InRange(face.Box.Height, 150, 350);
            Assert.InRange(face.Box.Width / face.Box.Height, 0.5f, 1.2f);

            // Both eyes and the nose, located independently by the landmark model, lie inside the box.
            var landmarks = vision.Pipeline.Landmarker.Locate(image.Bgr, face.Box);
            foreach (var point in landmarks.Points5.Take(3))
            {
                Assert.InRange(point.X, face.Box.X, face.Box.Right);
                Assert.InRange(point.Y, face.Box.Y, face.Box.Bottom);
            }
        }

        // Distinct faces do not overlap.
        for (var i = 0; i < faces.Count; i++)
        {
            for (var j = i + 1; j < faces.Count; j++)
            {
                Assert.True(faces[i].Box.IntersectionOverUnion(faces[j].Box) < 0.1f);
            }
        }
    }

    [Fact]
    public void A_blank_image_has_no_face()
    {
        using var blank = new OpenCvSharp.Mat(480, 640, OpenCvSharp.MatType.CV_8UC3, new OpenCvSharp.Scalar(128, 128, 128));

        Assert.Empty(vision.Pipeline.Detector.Detect(blank));
    }

    [Fact]
    public void Faces_below_the_minimum_size_are_ignored()
    {
        var strict = new UltraFaceDetector(vision.Catalog.OpenForTask("detector"), new UltraFaceOptions { MinFaceSize = 400 });

        Assert.Empty(strict.Detect(vision.Sample(1).Bgr));
        Assert.Equal(3, vision.Pipeline.Detector.Detect(vision.Sample(1).Bgr).Count);
    }

    [Fact]
    public void Box_overlap_is_computed_correctly()
    {
        var a = new FaceBox(0, 0, 10, 10);

        Assert.Equal(1f, a.IntersectionOverUnion(a));
        Assert.Equal(0f, a.IntersectionOverUnion(new FaceBox(20, 20, 5, 5)));
        Assert.Equal(25f / 175f, a.IntersectionOverUnion(new FaceBox(5, 5, 10, 10)), 5);
    }
}
