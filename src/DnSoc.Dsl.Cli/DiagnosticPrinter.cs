using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Diagnostics;

namespace DnSoc.Dsl.Cli;

/// <summary>What the terminal allows: whether each stream is a terminal and whether colour is wanted (NO_COLOR).</summary>
internal sealed record TerminalInfo(bool OutputIsTerminal, bool ErrorIsTerminal, bool ColourAllowed)
{
    /// <summary>Plain text everywhere: what tests and pipes see.</summary>
    public static TerminalInfo Redirected { get; } = new(false, false, false);

    /// <summary>The process's console; colour is off when NO_COLOR is set to anything (no-color.org).</summary>
    public static TerminalInfo Detect() =>
        new(!Console.IsOutputRedirected, !Console.IsErrorRedirected, string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")));

    /// <summary>The style of diagnostics written to standard output or standard error.</summary>
    public DiagnosticStyle For(bool standardOutput, bool caret, bool json)
    {
        var terminal = standardOutput ? OutputIsTerminal : ErrorIsTerminal;
        return new DiagnosticStyle(!json && (caret || terminal), !json && terminal && ColourAllowed);
    }
}

/// <summary>How diagnostics are printed: the source line with a caret under the span, in colour.</summary>
internal sealed record DiagnosticStyle(bool Caret, bool Colour)
{
    public static DiagnosticStyle Plain { get; } = new(false, false);
}

/// <summary>What a command does with diagnostics: <c>--warnaserror</c>, and how it prints them.</summary>
internal sealed record DiagnosticOptions(bool WarningsAsErrors, DiagnosticStyle Style)
{
    public static DiagnosticOptions Plain { get; } = new(false, DiagnosticStyle.Plain);
}

/// <summary>
/// Prints diagnostics as rustc and Bicep do: first the MSBuild line <c>path(line,col): error CODE: message</c>
/// (unchanged, so IDEs and CI still parse it), then, when the style asks, the source line under a line-number
/// gutter with <c>^~~~</c> under the span.
/// </summary>
internal static class DiagnosticPrinter
{
    private const string Reset = "\u001b[0m";
    private const string Blue = "\u001b[34m";

    /// <summary>Warnings as errors (<c>--warnaserror</c>): same code and message, severity error.</summary>
    public static IEnumerable<Diagnostic> Promote(IEnumerable<Diagnostic> diagnostics, bool warningsAsErrors) =>
        diagnostics.Select(d => warningsAsErrors && d.Severity == DiagnosticSeverity.Warning ? d with { Severity = DiagnosticSeverity.Error } : d);

    public static void Print(TextWriter writer, SnnCompilation compilation, IEnumerable<Diagnostic> diagnostics, DiagnosticStyle style)
    {
        // Weights-file diagnostics point into that file, which only the CLI may read.
        var texts = new Dictionary<string, string?> { [compilation.Source.Path] = compilation.Source.Text };
        foreach (var diagnostic in diagnostics)
        {
            var path = diagnostic.Location.Path;
            if (style.Caret && !texts.ContainsKey(path))
            {
                texts[path] = InputFiles.Problem(path, InputFiles.MaxWeightsBytes) is null ? InputFiles.ReadText(path, InputFiles.MaxWeightsBytes) : null;
            }

            Print(writer, diagnostic, style.Caret ? texts[path] : null, style.Colour);
        }
    }

    /// <param name="text">The text of the diagnostic's file; without it only the MSBuild line is printed.</param>
    public static void Print(TextWriter writer, Diagnostic diagnostic, string? text, bool colour)
    {
        var severity = diagnostic.Severity.ToString().ToLowerInvariant();
        var paint = colour ? Colour(diagnostic.Severity) : null;
        writer.WriteLine($"{diagnostic.Location}: {Painted(severity, paint)} {diagnostic.Code}: {diagnostic.Message}");
        if (text is null)
        {
            return;
        }

        var start = diagnostic.Location.Start;
        var lines = text.Split('\n');
        if (start.Line >= lines.Length)
        {
            return;
        }

        var line = lines[start.Line].TrimEnd('\r');
        var column = Math.Min(start.Column, line.Length);
        // A span over several lines is underlined to the end of its first line; an empty span gets one caret.
        var end = diagnostic.Location.End.Line == start.Line ? Math.Min(diagnostic.Location.End.Column, line.Length) : line.Length;
        var underline = "^" + new string('~', Math.Max(0, end - column - 1));
        var number = (start.Line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var gutter = new string(' ', number.Length);
        // Tabs stay tabs under the source line, so the caret lines up however the terminal shows them.
        var indent = new string(line.Take(column).Select(c => c == '\t' ? '\t' : ' ').ToArray());
        writer.WriteLine($"{gutter} {Painted("|", colour ? Blue : null)}");
        writer.WriteLine($"{Painted(number, colour ? Blue : null)} {Painted("|", colour ? Blue : null)} {line}");
        writer.WriteLine($"{gutter} {Painted("|", colour ? Blue : null)} {indent}{Painted(underline, paint)}");
    }

    private static string Colour(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "\u001b[31m",
        DiagnosticSeverity.Warning => "\u001b[33m",
        _ => "\u001b[36m",
    };

    private static string Painted(string text, string? colour) => colour is null ? text : colour + text + Reset;
}
