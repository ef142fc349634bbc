namespace EGov.Biometrics.Matching.Search;

/// <summary>Reads one gallery row's float vector (from memory, or decrypted from the mapped store, or repaired from the registry).</summary>
internal delegate void VectorReader(int row, Span<float> destination);
