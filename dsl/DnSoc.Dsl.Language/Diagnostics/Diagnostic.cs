using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DnSoc.Dsl.Language.Text;

namespace DnSoc.Dsl.Language.Diagnostics;

public enum DiagnosticSeverity
{
    Info,
    Warning,
    Error,
}

/// <summary>The compiler stage that owns a diagnostic; the hundreds digit of its code says which.</summary>
public enum DiagnosticStage
{
    /// <summary>The host (source generator, CLI) around the compiler: SNN00xx.</summary>
    Host = 0,
    Parse = 1,
    Bind = 2,
    Check = 3,
    Weights = 4,
    Budget = 5,

    /// <summary>NIR import (src/DnSoc.Dsl.Interchange, docs/nir.md): SNN06xx, positioned at the .nir file, naming the node.</summary>
    Interchange = 6,
}

/// <summary>
/// One kind of diagnostic: a stable code, a severity, a message template and the docs anchor that
/// explains it. Codes never change meaning once released; retired codes are not reused.
/// </summary>
public sealed record DiagnosticDescriptor(
    string Code,
    DiagnosticStage Stage,
    DiagnosticSeverity Severity,
    string Title,
    string MessageFormat)
{
    /// <summary>Where docs/diagnostics.md explains this code.</summary>
    public string HelpLink => $"docs/diagnostics.md#{Code.ToLowerInvariant()}";

    public Diagnostic Create(SourceLocation location, params object[] args) =>
        new(Code, Severity, MessageText.Clean(string.Format(CultureInfo.InvariantCulture, MessageFormat, args)), location) { Stage = Stage };
}

/// <summary>A message about user input, at a place in a file.</summary>
public sealed record Diagnostic(string Code, DiagnosticSeverity Severity, string Message, SourceLocation Location)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>The compiler stage that reported it (so callers never read it from the code's digits).</summary>
    public DiagnosticStage Stage { get; init; }

    /// <summary><c>path(line,col): error SNN0123: message</c>, the form MSBuild and editors recognise.</summary>
    public override string ToString() =>
        $"{Location}: {Severity.ToString().ToLowerInvariant()} {Code}: {Message}";
}

/// <summary>Collects diagnostics of every stage; nothing stops at the first error.</summary>
public sealed class DiagnosticBag
{
    /// <summary>Diagnostics a compilation reports in full; a file with more is summarised (docs/diagnostics.md#snn0004).</summary>
    public const int MaxReported = 100;

    private readonly List<Diagnostic> items = new();

    public bool HasErrors => ErrorCount > 0;

    public int Count => items.Count;

    /// <summary>Counted as they come, so stages that ask often stay linear in a file with many errors.</summary>
    public int ErrorCount { get; private set; }

    public void Add(Diagnostic diagnostic)
    {
        items.Add(diagnostic);
        ErrorCount += diagnostic.IsError ? 1 : 0;
    }

    public void Add(DiagnosticDescriptor descriptor, SourceLocation location, params object[] args) =>
        Add(descriptor.Create(location, args));

    public void AddRange(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics)
        {
            Add(diagnostic);
        }
    }

    /// <summary>
    /// Diagnostics in file, then position order, so output is stable across runs; past
    /// <see cref="MaxReported"/> one summary (SNN0004) stands for the rest, an error if any of them is.
    /// </summary>
    public EquatableArray<Diagnostic> ToSortedArray()
    {
        var sorted = items
            .Select((d, index) => (d, index))
            .OrderBy(x => x.d.Location.Path, StringComparer.Ordinal)
            .ThenBy(x => x.d.Location.Span.Start)
            .ThenBy(x => x.index)
            .Select(x => x.d)
            .ToList();
        if (sorted.Count <= MaxReported)
        {
            return sorted.ToEquatableArray();
        }

        var rest = sorted.Skip(MaxReported).ToList();
        var summary = DiagnosticDescriptors.TooManyDiagnostics.Create(rest[0].Location, rest.Count);
        return sorted.Take(MaxReported)
            .Append(summary with { Severity = rest.Any(d => d.IsError) ? DiagnosticSeverity.Error : summary.Severity })
            .ToEquatableArray();
    }
}
