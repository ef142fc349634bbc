using System.Globalization;
using System.Text;
using EGov.Biometrics.Registry.Audit;

namespace EGov.Biometrics.Service.Audit;

/// <summary>
/// Audit entries as RFC 4180 CSV (CRLF line ends, fields with a comma, quote or line break quoted, quotes doubled).
/// Text a caller could have chosen (a user name, details) is written so that a spreadsheet never runs it: a cell
/// starting with = + - @ (or a tab or carriage return) gets a leading apostrophe.
/// </summary>
public static partial class AuditCsv
{
    public const string Header = "seq,at,caller,role,desk,action,subject,decision,score,fmr,details";

    public static string Row(StoredAuditEntry stored)
    {
        var e = stored.Entry;
        string[] cells =
        [
            stored.Seq.ToString(CultureInfo.InvariantCulture),
            e.At.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            Text(e.Caller), Text(e.Role), Text(e.Desk), Text(e.Action), Text(e.Subject), Text(e.Decision),
            e.Score?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty,
            e.Fmr?.ToString("R", CultureInfo.InvariantCulture) ?? string.Empty,
            Text(e.Details),
        ];
        return string.Join(',', cells);
    }

    /// <summary>One text cell: formula-safe, then quoted when it must be.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@";(?=[=+\-@\t\r])")]
    private static partial System.Text.RegularExpressions.Regex FormulaAfterSemicolon();

    public static string Text(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        // Spreadsheets set to Russian or Uzbek split on ';': a part after one must not start a formula either.
        value = FormulaAfterSemicolon().Replace(value, ";'");
        return value.AsSpan().IndexOfAny(",;\"\r\n") < 0 ? value : new StringBuilder(value.Length + 2).Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"').ToString();
    }
}
