using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Core = DnSoc.Dsl.Language.Diagnostics;

namespace DnSoc.Dsl.Generator;

/// <summary>Compiler-core diagnostics as Roslyn diagnostics at their place in the .snn (or weights) file.</summary>
internal static class DiagnosticConverter
{
    private static readonly Dictionary<string, DiagnosticDescriptor> Descriptors =
        Core.DiagnosticDescriptors.All.ToDictionary(
            d => d.Code,
            d => new DiagnosticDescriptor(
                d.Code,
                d.Title,
                "{0}",
                "DnSoc.Snn",
                ToRoslyn(d.Severity),
                isEnabledByDefault: true,
                helpLinkUri: d.HelpLink));

    public static Diagnostic ToRoslyn(Core.Diagnostic diagnostic)
    {
        var location = diagnostic.Location;
        var roslynLocation = Location.Create(
            location.Path,
            new TextSpan(location.Span.Start, location.Span.Length),
            new LinePositionSpan(
                new LinePosition(location.Start.Line, location.Start.Column),
                new LinePosition(location.End.Line, location.End.Column)));
        return Diagnostic.Create(Descriptors[diagnostic.Code], roslynLocation, diagnostic.Message);
    }

    /// <summary>A host diagnostic about the project, not a file (an MSBuild property, say): it has no place to point at.</summary>
    public static Diagnostic ForProject(Core.DiagnosticDescriptor descriptor, params object[] args)
    {
        var nowhere = new Language.Text.SourceLocation(string.Empty, default, default, default);
        return Diagnostic.Create(Descriptors[descriptor.Code], Location.None, descriptor.Create(nowhere, args).Message);
    }

    private static DiagnosticSeverity ToRoslyn(Core.DiagnosticSeverity severity) => severity switch
    {
        Core.DiagnosticSeverity.Error => DiagnosticSeverity.Error,
        Core.DiagnosticSeverity.Warning => DiagnosticSeverity.Warning,
        Core.DiagnosticSeverity.Info => DiagnosticSeverity.Info,
        _ => throw new ArgumentOutOfRangeException(nameof(severity)),
    };
}
