using System.Runtime.ExceptionServices;

namespace EGov.Biometrics.Matching.Gallery;

/// <summary>
/// A parallel scan that meets a corrupt row fails with that row's own error (InvalidDataException naming
/// the row), not an AggregateException a caller would have to open.
/// </summary>
internal static class ParallelErrors
{
    public static T Unwrap<T>(Func<T> scan)
    {
        try
        {
            return scan();
        }
        catch (AggregateException e) when (e.Flatten().InnerExceptions is [var first, ..])
        {
            ExceptionDispatchInfo.Throw(first);
            throw;
        }
    }

    public static void Unwrap(Action scan) => Unwrap(() =>
    {
        scan();
        return 0;
    });
}
