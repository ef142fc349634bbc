namespace EGov.Biometrics.Server.Tests;

/// <summary>egov-server --embedders faceplugin-arcface-r512,dlib-resnet29-faceapi: every enrolment photo gets a template by each.</summary>
public sealed class TwoEmbedderServer : RunningServer
{
    public const string ArcFace = "faceplugin-arcface-r512";
    public const string Dlib = "dlib-resnet29-faceapi";

    protected override IReadOnlyList<string>? Embedders => [ArcFace, Dlib];
}
