using EGov.Biometrics.Vision.Imaging;
using EGov.Biometrics.Vision.Pipeline;
using V1 = EGov.Biometrics.Contracts.V1;

namespace EGov.Biometrics.Server.Grpc;

/// <summary>A probe ready to match, with the capture checks of image probes (null for templates).</summary>
internal sealed record ResolvedProbe(Service.Probe Probe, Vision.Quality.QualityReport? Quality, float? Liveness);

/// <summary>Turns a wire probe into an embedding: templates as sent, images through the face pipeline (largest face).</summary>
internal sealed class ProbeResolver(FacePipeline pipeline, ImageLimits limits)
{
    public ResolvedProbe Resolve(V1.Probe? probe)
    {
        switch (probe?.KindCase)
        {
            case V1.Probe.KindOneofCase.Template:
                return new ResolvedProbe(new Service.Probe([.. probe.Template.Vector], probe.Template.ModelId), null, null);
            case V1.Probe.KindOneofCase.Image:
                using (var image = ImageDecoder.Decode(probe.Image.ToByteArray(), limits))
                {
                    var faces = pipeline.Analyze(image.Bgr, AnalysisOptions.All with { MaxFaces = 1 });
                    if (faces.Count == 0)
                    {
                        throw new ArgumentException("No face found in the image.");
                    }

                    using var face = faces[0];
                    return new ResolvedProbe(new Service.Probe(face.Embedding!.Vector, face.Embedding.ModelId), face.Quality, face.Liveness);
                }

            default:
                throw new ArgumentException("The probe is empty: send an image or a template.");
        }
    }
}
