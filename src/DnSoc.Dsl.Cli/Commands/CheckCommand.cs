using System.CommandLine;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Language.Diagnostics;

namespace DnSoc.Dsl.Cli.Commands;

/// <summary>
/// <c>snnc check FILE...</c>: every diagnostic in the MSBuild form (in a terminal, or with <c>--caret</c>,
/// followed by the source line and a caret); exit 1 on any error.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter output, TextWriter error, TerminalInfo terminal)
    {
        var files = SnncApp.FilesArgument();
        var json = SnncApp.JsonOption();
        var warningsAsErrors = SnncApp.WarningsAsErrorsOption();
        var caret = SnncApp.CaretOption();
        var command = new Command("check", "Check .snn files and print every diagnostic as path(line,col): severity CODE: message")
        {
            files, json, warningsAsErrors, caret,
        };
        command.SetAction(result =>
        {
            var options = SnncApp.Diagnostics(result, warningsAsErrors, caret, terminal, standardOutput: true, result.GetValue(json));
            var compilations = result.GetValue(files)!
                .Select(f => (Path: f, Compilation: Workspace.Compile(f, error)))
                .Select(c => (c.Path, c.Compilation, Diagnostics: c.Compilation is null
                    ? new Diagnostic[0]
                    : DiagnosticPrinter.Promote(c.Compilation.Diagnostics, options.WarningsAsErrors).ToArray()))
                .ToList();
            var diagnostics = compilations.SelectMany(c => c.Diagnostics).ToList();
            var errors = diagnostics.Count(d => d.IsError) + compilations.Count(c => c.Compilation is null);
            var warnings = diagnostics.Count(d => d.Severity == DiagnosticSeverity.Warning);
            if (result.GetValue(json))
            {
                Json.Write(output, new
                {
                    Files = compilations.Select(c => new
                    {
                        c.Path,
                        Found = c.Compilation is not null,
                        Networks = c.Compilation?.Bound.Select(n => n.Name).ToArray() ?? new string[0],
                        Diagnostics = Json.Diagnostics(c.Diagnostics),
                    }),
                    Errors = errors,
                    Warnings = warnings,
                });
            }
            else
            {
                foreach (var (_, compilation, fileDiagnostics) in compilations.Where(c => c.Compilation is not null))
                {
                    DiagnosticPrinter.Print(output, compilation!, fileDiagnostics, options.Style);
                }

                error.WriteLine($"checked {compilations.Count} file(s): {errors} error(s), {warnings} warning(s)");
            }

            return errors > 0 ? 1 : 0;
        });
        return command;
    }
}
