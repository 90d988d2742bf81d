using System.IO;
using System.Linq;
using System.Text.Json;
using DnSoc.Dsl.Language.Diagnostics;

namespace DnSoc.Dsl.Cli;

/// <summary>The one JSON style of every `--json` output: snake_case keys, indented.</summary>
internal static class Json
{
    /// <summary>Also for files snnc writes and reads back (a sweep's results).</summary>
    public static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public static void Write(TextWriter output, object value) => output.WriteLine(JsonSerializer.Serialize(value, Options));

    public static object Diagnostic(Diagnostic d) => new
    {
        File = d.Location.Path,
        Line = d.Location.Start.Line + 1,
        Column = d.Location.Start.Column + 1,
        EndLine = d.Location.End.Line + 1,
        EndColumn = d.Location.End.Column + 1,
        Severity = d.Severity.ToString().ToLowerInvariant(),
        d.Code,
        d.Message,
    };

    public static object[] Diagnostics(System.Collections.Generic.IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Select(Diagnostic).ToArray();
}
