using System.Numerics;
using EGov.Biometrics.Vision.Alignment;

namespace EGov.Biometrics.Vision.Tests;

[Collection(VisionCollection.Name)]
public sealed class AlignmentTests(VisionFixture vision)
{
    public static TheoryData<int> Samples => [1, 2, 3, 4, 5, 6];

    [Theory]
    [MemberData(nameof(Samples))]
    public void Eyes_land_on_the_template(int sample)
    {
        var image = vision.Sample(sample);
        var template = vision.Pipeline.Embedder.Template;
        var pose = vision.Catalog.Open(vision.Store.Manifest.ModelForTask("pose").Id);
        var poseEstimator = new Quality.HopeNetPoseEstimator(pose);

        // A turned head cannot fit a frontal template; the five points agree only for near-frontal faces.
        foreach (var face in vision.Pipeline.Detector.Detect(image.Bgr).Where(f => Math.Abs(poseEstimator.Estimate(image.Bgr, f.Box).Yaw) <= 30))
        {
            var landmarks = vision.Pipeline.Landmarker.Locate(image.Bgr, face.Box);
            using var aligned = vision.Pipeline.Aligner.Align(image.Bgr, landmarks.Points5, template);

            Assert.Equal(template.Width, aligned.Image.Cols);
            Assert.Equal(template.Height, aligned.Image.Rows);
            Assert.True(Vector2.Distance(aligned.Transform.Apply(landmarks.LeftEye), template.Points[0]) < 4);
            Assert.True(Vector2.Distance(aligned.Transform.Apply(landmarks.RightEye), template.Points[1]) < 4);
        }
    }

    [Fact]
    public void Landmarks_found_again_in_the_aligned_image_are_where_the_template_put_them()
    {
        // Align onto a 448x448 canvas with the template scaled by 2 and centred, then detect and locate the
        // landmarks afresh: independent models must find the eyes where the alignment promised.
        var template = vision.Pipeline.Embedder.Template;
        var canvas = new AlignmentTemplate(448, 448, template.Points.Select(p => (p * 2) + new Vector2(112, 112)).ToArray());
        var image = vision.Sample(6);
        foreach (var face in vision.Pipeline.Detector.Detect(image.Bgr))
        {
            var landmarks = vision.Pipeline.Landmarker.Locate(image.Bgr, face.Box);
            using var aligned = vision.Pipeline.Aligner.Align(image.Bgr, landmarks.Points5, canvas);

            // The wide canvas can show a neighbour too: take the face at the centre.
            var again = vision.Pipeline.Detector.Detect(aligned.Image).MinBy(d => Vector2.Distance(new(d.Box.CenterX, d.Box.CenterY), new(224, 224)));
            Assert.NotNull(again);
            var found = vision.Pipeline.Landmarker.Locate(aligned.Image, again.Box);

            // Within 5 pixels of the 112x112 template (10 on this canvas at twice the scale).
            Assert.True(Vector2.Distance(found.LeftEye, canvas.Points[0]) < 10, $"left eye at {found.LeftEye}, template {canvas.Points[0]}");
            Assert.True(Vector2.Distance(found.RightEye, canvas.Points[1]) < 10, $"right eye at {found.RightEye}, template {canvas.Points[1]}");
        }
    }
}
