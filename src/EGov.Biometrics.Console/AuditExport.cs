using EGov.Biometrics.Console.Security;
using EGov.Biometrics.Service.Access;
using EGov.Biometrics.Service.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace EGov.Biometrics.Console;

/// <summary>GET /audit/export.csv: the audit entries the page's filters select, as CSV (the export itself is audited by the domain).</summary>
public static class AuditExport
{
    public static async Task WriteAsync(HttpContext context, [FromServices] People people, [FromServices] AuditQuery audit)
    {
        // A person's session is re-read (a disabled account exports nothing); an API key with the policy may export too.
        var credential = context.User.Identity?.AuthenticationType == PersonSession.Scheme
            ? PersonSession.Current(people, context.User)?.Credential
            : CredentialPrincipal.CredentialOf(context.User);
        if (credential is null)
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        AuditFilter filter;
        try
        {
            filter = FilterOf(context.Request.Query);
            AuditQuery.Check(filter);
        }
        catch (ArgumentException e)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync(e.Message, context.RequestAborted);
            return;
        }

        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = "attachment; filename=\"egov-audit.csv\"";
        await audit.ExportCsvAsync(filter, context.Response.Body, Caller.For(credential, null), context.RequestAborted);
    }

    /// <summary>The filter the audit page puts in its export link (caller, action, desk, subject, from, to).</summary>
    public static AuditFilter FilterOf(IQueryCollection query)
    {
        static string? Text(IQueryCollection q, string name) => q[name].ToString() is { Length: > 0 } value ? value : null;
        static DateTimeOffset? Time(IQueryCollection q, string name) =>
            DateTimeOffset.TryParse(q[name].ToString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : null;
        return new AuditFilter(Text(query, "caller"), Text(query, "action"), Text(query, "desk"), Text(query, "subject"), Time(query, "from"), Time(query, "to"));
    }
}
