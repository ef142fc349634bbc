namespace EGov.Biometrics.ModelConversion.Tfjs;

/// <summary>One tensor of a TensorFlow.js weights file, dequantised to float32.</summary>
public sealed record TfjsTensor(string Name, int[] Shape, float[] Values);
