namespace EGov.Biometrics.Registry.Access;

/// <summary>Thrown when a new person's user name is already taken.</summary>
public sealed class PersonExistsException : Exception
{
    public PersonExistsException()
    {
    }

    public PersonExistsException(string message)
        : base(message)
    {
    }

    public PersonExistsException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public static PersonExistsException For(string username) => new($"A person with the user name '{username}' already exists.");
}
