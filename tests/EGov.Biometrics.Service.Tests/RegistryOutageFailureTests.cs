using EGov.Biometrics.Service.Failures;
using Npgsql;

namespace EGov.Biometrics.Service.Tests;

/// <summary>A registry database that restarts or cannot be reached is Unavailable to the caller (retry), not an internal error.</summary>
public sealed class RegistryOutageFailureTests
{
    [Fact]
    public void A_broken_connection_to_the_registry_database_is_unavailable_and_says_to_try_again()
    {
        var failure = Failure.Of(new NpgsqlException("Exception while reading from stream", new IOException("Connection reset by peer")));

        Assert.NotNull(failure);
        Assert.Equal(FailureKind.Unavailable, failure.Kind);
        Assert.Contains("Try again", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("stream", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_database_error_that_a_retry_would_not_cure_stays_unexpected()
    {
        // A constraint or syntax error is a bug or a corrupted database: logged as such, never "try again".
        Assert.Null(Failure.Of(new NpgsqlException("syntax error at or near \"SELEC\"")));
    }
}
