using System;
using DnSoc.Dsl.Language.Planning.Code;
using DnSoc.Dsl.Language.Text;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DnSoc.Dsl.Generator;

/// <summary>
/// The consuming project's MSBuild properties the generator reads (build/DnSoc.Dsl.Generator.props makes
/// them visible): <c>SnnCodeFlavour</c>, <c>SnnNamespace</c>, and the SDK's <c>ProjectDir</c>.
/// </summary>
internal sealed record ProjectSettings(CodeFlavour Flavour, string Namespace, string? ProjectDirectory)
{
    public const string DefaultNamespace = "DnSoc.Networks";

    public static ProjectSettings From(AnalyzerConfigOptions options) => new(
        Property(options, "SnnCodeFlavour") is { } flavour && string.Equals(flavour, "host", StringComparison.OrdinalIgnoreCase) ? CodeFlavour.Host : CodeFlavour.Nano,
        Property(options, "SnnNamespace") ?? DefaultNamespace,
        Property(options, "ProjectDir"));

    /// <summary>The .snn file as generated code names it: relative to the project, never the absolute path of this machine.</summary>
    public string SourceName(string path) => SourcePaths.RelativeOrFileName(path, ProjectDirectory);

    // An empty property is the same as an absent one: MSBuild writes every visible property, set or not.
    private static string? Property(AnalyzerConfigOptions options, string name) =>
        options.TryGetValue("build_property." + name, out var value) && value.Trim().Length > 0 ? value.Trim() : null;
}
