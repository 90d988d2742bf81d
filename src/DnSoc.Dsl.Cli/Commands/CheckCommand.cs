using System.CommandLine;
using System.IO;
using System.Linq;

namespace DnSoc.Dsl.Cli.Commands;

/// <summary><c>snnc check FILE...</c>: every diagnostic in the MSBuild form; exit 1 on any error.</summary>
internal static class CheckCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var files = SnncApp.FilesArgument();
        var json = SnncApp.JsonOption();
        var command = new Command("check", "Check .snn files and print every diagnostic as path(line,col): severity CODE: message") { files, json };
        command.SetAction(result =>
        {
            var compilations = result.GetValue(files)!.Select(f => (Path: f, Compilation: Workspace.Compile(f, error))).ToList();
            var diagnostics = compilations.Where(c => c.Compilation is not null).SelectMany(c => c.Compilation!.Diagnostics).ToList();
            var errors = diagnostics.Count(d => d.IsError) + compilations.Count(c => c.Compilation is null);
            var warnings = diagnostics.Count(d => d.Severity == Language.Diagnostics.DiagnosticSeverity.Warning);
            if (result.GetValue(json))
            {
                Json.Write(output, new
                {
                    Files = compilations.Select(c => new
                    {
                        c.Path,
                        Found = c.Compilation is not null,
                        Networks = c.Compilation?.Bound.Select(n => n.Name).ToArray() ?? new string[0],
                        Diagnostics = c.Compilation is null ? new object[0] : Json.Diagnostics(c.Compilation.Diagnostics),
                    }),
                    Errors = errors,
                    Warnings = warnings,
                });
            }
            else
            {
                foreach (var diagnostic in diagnostics)
                {
                    output.WriteLine(diagnostic);
                }

                error.WriteLine($"checked {compilations.Count} file(s): {errors} error(s), {warnings} warning(s)");
            }

            return errors > 0 ? 1 : 0;
        });
        return command;
    }
}
