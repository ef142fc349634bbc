namespace EGov.Biometrics.Vision.Models;

public sealed record AssetDescriptor(string Id, string Package, string Path, string Sha256, int? Faces = null)
{
    public string CacheFileName => System.IO.Path.Combine("assets", Id + System.IO.Path.GetExtension(Path));
}
