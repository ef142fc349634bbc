// TEMPORARY compile shim (never committed): replaced by helper branch `people`.
namespace EGov.Biometrics.Service.Access
{
public sealed record Person(string Username, string Role, string Desk, string Language, bool Disabled, DateTimeOffset? LockedUntil, string SecurityStamp)
{ public Credential Credential => new("user:" + Username, Role, Desk); }
public enum SignInStatus { SignedIn, WrongCredentials, LockedOut }
public sealed record SignInResult(SignInStatus Status, Person? Person, string Message);
public sealed class People {
  public Task<Person> CreateAsync(string username, string role, string desk, string language, string password, Caller caller) => throw new NotImplementedException();
  public IReadOnlyList<Person> List() => [];
  public Person? Find(string username) => null;
  public Task<SignInResult> SignInAsync(string username, string password, string address) => throw new NotImplementedException();
  public Task SignOutAsync(Person person, string reason) => Task.CompletedTask;
  public Task SetLanguageAsync(string username, string language) => Task.CompletedTask;
}
}
namespace EGov.Biometrics.Service.Audit
{
  public sealed record AuditFilter(string? Caller = null, string? Action = null, string? Desk = null, string? Subject = null, DateTimeOffset? From = null, DateTimeOffset? To = null);
  public sealed class AuditQuery {
    public IReadOnlyList<EGov.Biometrics.Registry.Audit.StoredAuditEntry> Page(AuditFilter filter, long beforeSeq, int pageSize, EGov.Biometrics.Service.Access.Caller caller) => [];
    public EGov.Biometrics.Registry.Audit.AuditVerification VerifyChain(EGov.Biometrics.Service.Access.Caller caller) => throw new NotImplementedException();
    public Task ExportCsvAsync(AuditFilter filter, Stream output, EGov.Biometrics.Service.Access.Caller caller) => Task.CompletedTask;
  }
}
