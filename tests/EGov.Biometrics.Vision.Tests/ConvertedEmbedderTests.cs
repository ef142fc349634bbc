using EGov.Biometrics.Vision.Embedding;
using EGov.Biometrics.Vision.Pipeline;
using OpenCvSharp;

namespace EGov.Biometrics.Vision.Tests;

/// <summary>dlib's ResNet descriptor, converted from face-api's TensorFlow.js weights by 'egov-bio models convert'.</summary>
[Collection(VisionCollection.Name)]
public sealed class ConvertedEmbedderTests(VisionFixture vision)
{
    private const string ModelId = "dlib-resnet29-faceapi";

    [Fact]
    public void The_converted_model_matches_its_pinned_checksum_and_tensors()
    {
        var model = vision.Catalog.Open(ModelId);

        Assert.Equal(3 * 150 * 150, model.InputLength);
        Assert.Equal(new Size(150, 150), model.InputSize);
    }

    [Fact]
    public void It_matches_a_face_with_its_mirror_image_and_separates_people_in_one_photo()
    {
        var embedder = new OnnxFaceEmbedder(vision.Catalog.Open(ModelId));
        var pipeline = new FacePipeline(
            vision.Pipeline.Detector, vision.Pipeline.Landmarker, vision.Pipeline.Aligner, embedder,
            vision.Pipeline.LivenessDetector, vision.Pipeline.QualityAssessor);
        var options = new AnalysisOptions { Quality = false, Liveness = false };
        var threshold = embedder.Calibration.Default.Threshold;

        var faces = pipeline.Analyze(vision.Sample(6).Bgr, options);
        using var mirrored = new Mat();
        Cv2.Flip(vision.Sample(6).Bgr, mirrored, FlipMode.Y);
        var mirroredFaces = pipeline.Analyze(mirrored, options);
        try
        {
            Assert.All(faces, f => Assert.Equal(128, f.Embedding!.Dimension));
            foreach (var face in faces)
            {
                // The mirror of a face at x sits at width − x.
                var mirror = mirroredFaces.MinBy(m => Math.Abs(m.Detection.Box.CenterX - (vision.Sample(6).Width - face.Detection.Box.CenterX)))!;
                Assert.True(face.Embedding!.Similarity(mirror.Embedding!) >= threshold, "a face must match its mirror image");
            }

            for (var i = 0; i < faces.Count; i++)
            {
                for (var j = i + 1; j < faces.Count; j++)
                {
                    Assert.True(faces[i].Embedding!.Similarity(faces[j].Embedding!) < threshold, $"faces {i} and {j} are different people");
                }
            }
        }
        finally
        {
            foreach (var face in faces.Concat(mirroredFaces))
            {
                face.Dispose();
            }
        }
    }
}
