namespace EGov.Biometrics.Vision.Models;

/// <summary>A test asset the manifest names: its package, path and sha256.</summary>
/// <param name="Id">The asset's id.</param>
/// <param name="Package">The npm package that holds it.</param>
/// <param name="Path">Its path in the package.</param>
/// <param name="Sha256">Its sha256, hex.</param>
/// <param name="Faces">For a photo, how many faces it shows.</param>
public sealed record AssetDescriptor(string Id, string Package, string Path, string Sha256, int? Faces = null)
{
    /// <summary>File name of the asset inside the cache.</summary>
    public string CacheFileName => System.IO.Path.Combine("assets", Id + System.IO.Path.GetExtension(Path));
}
