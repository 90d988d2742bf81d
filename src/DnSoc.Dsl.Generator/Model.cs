using DnSoc.Dsl.Language;

namespace DnSoc.Dsl.Generator;

// Values that flow through the incremental pipeline: immutable and equatable, so Roslyn can tell
// that nothing changed and skip every later step.

/// <summary>An AdditionalText's path (as given, and normalised for lookups) and text, or why it could not be read.</summary>
internal sealed record InputFile(string Path, string NormalizedPath, string Text, string? ReadError = null);

/// <summary>One generated source file.</summary>
internal sealed record GeneratedSource(string HintName, string Text);

/// <summary>A network class and the file declaring it, to find duplicate class names across files.</summary>
internal sealed record DeclaredNetwork(string Name, string Path, Language.Text.SourceLocation Location);

/// <summary>Everything one .snn file produced.</summary>
internal sealed record FileResult(
    EquatableArray<Language.Diagnostics.Diagnostic> Diagnostics,
    EquatableArray<GeneratedSource> Sources,
    EquatableArray<DeclaredNetwork> Networks);
