using System.IO;
using System.Linq;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Text;

namespace DnSoc.Dsl.Cli;

/// <summary>Reads .snn files from disk and hands them to the compiler core.</summary>
internal static class Workspace
{
    /// <summary>The compilation, or null (with a message) when the file itself cannot be read.</summary>
    /// <param name="rewrite">Applied to the file's text before compiling (e.g. <see cref="PolicyOverride"/>).</param>
    public static SnnCompilation? Compile(string path, TextWriter error, System.Func<string, string>? rewrite = null)
    {
        if (InputFiles.Problem(path, InputFiles.MaxSnnBytes) is { } problem)
        {
            error.WriteLine($"{path}: error: {(problem == InputFiles.NoSuchFile ? "file not found" : problem)}");
            return null;
        }

        var text = InputFiles.ReadText(path, InputFiles.MaxSnnBytes);
        return SnnCompiler.Compile(new SourceFile(path, rewrite is null ? text : rewrite(text)), new DiskFileResolver(path));
    }

    /// <summary>
    /// The compilation of a file that must lower to at least one network, or null once its diagnostics
    /// (to the error stream, since a command's output is not them) say why it does not.
    /// </summary>
    public static SnnCompilation? CompileNetworks(string path, TextWriter error, System.Func<string, string>? rewrite = null, DiagnosticOptions? options = null)
    {
        if (Compile(path, error, rewrite) is not { } compilation)
        {
            return null;
        }

        options ??= DiagnosticOptions.Plain;
        var diagnostics = DiagnosticPrinter.Promote(compilation.Diagnostics, options.WarningsAsErrors).ToList();
        var failed = diagnostics.Any(d => d.IsError);
        if (!failed && !compilation.Networks.IsEmpty)
        {
            return compilation;
        }

        DiagnosticPrinter.Print(error, compilation, diagnostics, options.Style);
        if (!failed)
        {
            error.WriteLine($"{path}: error: no network to run");
        }

        return null;
    }
}
