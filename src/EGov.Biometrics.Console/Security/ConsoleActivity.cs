namespace EGov.Biometrics.Console.Security;

/// <summary>When the person on this console connection last did something (one per connection): the idle timeout reads it.</summary>
public sealed class ConsoleActivity(TimeProvider clock)
{
    public DateTimeOffset LastAction { get; private set; } = clock.GetUtcNow();

    public void Touch() => LastAction = clock.GetUtcNow();
}
