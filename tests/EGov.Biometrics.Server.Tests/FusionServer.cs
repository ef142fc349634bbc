namespace EGov.Biometrics.Server.Tests;

/// <summary>egov-server --embedders faceplugin-arcface-r512,dlib-resnet29-faceapi --fusion.</summary>
public sealed class FusionServer : RunningServer
{
    protected override IReadOnlyList<string>? Embedders => [TwoEmbedderServer.ArcFace, TwoEmbedderServer.Dlib];

    protected override bool Fusion => true;
}
