namespace EGov.Biometrics.Vision.Liveness.Attacks;

/// <summary>
/// The presentation attack instrument species of the synthetic attack set (ISO/IEC 30107-3 calls a kind of
/// attack a PAI species; APCER is reported per species).
/// </summary>
public enum PaiSpecies
{
    /// <summary>A printed photo held up to the camera: halftone dots, paper texture, reduced gamut, lifted blacks.</summary>
    PrintedPhoto,

    /// <summary>A photo shown on a phone or monitor: sub-pixel RGB stripes, moiré with the camera's pixel grid, glare, backlight.</summary>
    ScreenReplay,

    /// <summary>A printed photo in a frame (or held in a hand), smaller than a face at the desk, with the frame's border in view.</summary>
    FramedPhoto,
}
