using nietras.SeparatedValues;

namespace Rolodesk.Server.Features.Contacts.Transfer;

/// <summary>The CSV dialect both directions share, and the fixed columns of each target.</summary>
public static class CsvFormat
{
    public const string ContentType = "text/csv; charset=utf-8";

    /// <summary>Comma-separated, RFC 4180 quoting: what spreadsheets read and write by default.</summary>
    public static readonly Sep Separator = Sep.New(',');

    public static readonly string[] UserColumns = ["id", "name", "email", "phone", "company", "groups"];
    public static readonly string[] CompanyColumns = ["id", "name"];

    /// <summary>How the groups column joins group names.</summary>
    public const string GroupSeparator = "; ";

    /// <summary>
    /// Neutralises spreadsheet formulas (OWASP "CSV injection"): a cell starting with =, +, -, @,
    /// tab or carriage return gets a leading apostrophe, which spreadsheets show as text. This
    /// also hits phones such as "+33 1 23 45 67 89" and negative numbers: the apostrophe is part
    /// of the exported text, and the import strips exactly one leading apostrophe before any of
    /// those characters, so exported files import back unchanged.
    /// </summary>
    public static string Neutralise(string value) =>
        value.Length > 0 && IsFormulaStart(value[0]) ? "'" + value : value;

    /// <summary>The inverse of <see cref="Neutralise"/> for a cell read from a file.</summary>
    public static string Restore(string cell) =>
        cell.Length > 1 && cell[0] == '\'' && IsFormulaStart(cell[1]) ? cell[1..] : cell;

    private static bool IsFormulaStart(char c) => c is '=' or '+' or '-' or '@' or '\t' or '\r';
}
