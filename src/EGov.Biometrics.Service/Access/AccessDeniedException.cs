namespace EGov.Biometrics.Service.Access;

/// <summary>The caller is known but may not do this (a role, a desk binding or a probe kind refused): PermissionDenied.</summary>
public sealed class AccessDeniedException : Exception
{
    public AccessDeniedException()
    {
    }

    public AccessDeniedException(string message)
        : base(message)
    {
    }

    public AccessDeniedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
