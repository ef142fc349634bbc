// Usage: FaceCompare PHOTO1 PHOTO2 [MODEL_FOLDER]: finds, aligns and compares the largest face of each photo.
using EGov.Biometrics.Vision.Models;
using EGov.Biometrics.Vision.Recognition;

var folder = args.Length > 2 ? args[2] : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "egov-face-models");
await FaceModels.EnsureAsync(folder); // downloads and verifies the models once
using var faces = new FaceRecognition(folder);

var encodings = args[..2].Select(path =>
{
    var image = FaceRecognition.LoadImageFile(path);
    var locations = faces.FaceLocations(image); // largest first
    Console.WriteLine($"{path}: {locations.Count} face(s), largest at {locations.FirstOrDefault()}");
    // Aligned to dlib's 150x150 face chip, then encoded; a photo without a face has no encoding.
    return faces.FaceEncodings(image, locations.Take(1)).FirstOrDefault() ?? throw new InvalidOperationException($"No face in {path}.");
}).ToList();

var distance = FaceRecognition.FaceDistance(encodings[0], encodings[1]);
Console.WriteLine($"distance {distance:F3}: {(FaceRecognition.CompareFace(encodings[0], encodings[1]) ? "same person" : "different person")}");
