using System.Linq;
using System.Text;
using DnSoc.Dsl.Language;

namespace DnSoc.Dsl.Tests.Infrastructure;

/// <summary>
/// The diagnostics baseline: the source with each diagnostic written under the line it points at,
/// as <c>//@[line:col-line:col] severity CODE: message</c> (1-based), so a reviewer sees both at once.
/// Diagnostics in other files (weights) follow at the end in the MSBuild form.
/// </summary>
public static class DiagnosticAnnotator
{
    public static string Annotate(SnnCompilation compilation)
    {
        var text = new StringBuilder();
        var lines = compilation.Source.Text.Replace("\r\n", "\n").Split('\n');
        var own = compilation.Diagnostics.Where(d => d.Location.Path == compilation.Source.Path).ToList();
        for (var i = 0; i < lines.Length; i++)
        {
            if (i == lines.Length - 1 && lines[i].Length == 0)
            {
                break;
            }

            text.Append(lines[i]).Append('\n');
            foreach (var d in own.Where(d => d.Location.Start.Line == i))
            {
                var (s, e) = (d.Location.Start, d.Location.End);
                text.Append($"//@[{s.Line + 1}:{s.Column + 1}-{e.Line + 1}:{e.Column + 1}] {d.Severity.ToString().ToLowerInvariant()} {d.Code}: {d.Message}\n");
            }
        }

        foreach (var d in compilation.Diagnostics.Where(d => d.Location.Path != compilation.Source.Path))
        {
            text.Append("//@ ").Append(d).Append('\n');
        }

        return text.ToString();
    }
}
