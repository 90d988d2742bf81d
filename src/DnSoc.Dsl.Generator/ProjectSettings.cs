using System;
using System.Linq;
using DnSoc.Dsl.Language.Planning.Code;
using DnSoc.Dsl.Language.Text;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace DnSoc.Dsl.Generator;

/// <summary>
/// The consuming project's MSBuild properties the generator reads (build/DnSoc.Dsl.Generator.props makes
/// them visible): <c>SnnCodeFlavour</c>, <c>SnnNamespace</c>, <c>SnnEmbedBlob</c>, and the SDK's <c>ProjectDir</c>.
/// </summary>
/// <param name="EmbedBlob"><c>SnnEmbedBlob</c> is <c>true</c>: networks the cores can run get a <c>Blob</c> member.</param>
/// <param name="InvalidNamespace">An <c>SnnNamespace</c> that is no C# namespace (SNN0005); the default is used instead, so no C# error follows.</param>
internal sealed record ProjectSettings(CodeFlavour Flavour, string Namespace, string? ProjectDirectory, bool EmbedBlob = false, string? InvalidNamespace = null)
{
    public const string DefaultNamespace = "DnSoc.Networks";

    public static ProjectSettings From(AnalyzerConfigOptions options)
    {
        var flavour = Is(options, "SnnCodeFlavour", "host") ? CodeFlavour.Host : CodeFlavour.Nano;
        var embedBlob = Is(options, "SnnEmbedBlob", "true");
        var ns = Property(options, "SnnNamespace") ?? DefaultNamespace;
        return IsNamespace(ns)
            ? new ProjectSettings(flavour, ns, Property(options, "ProjectDir"), embedBlob)
            : new ProjectSettings(flavour, DefaultNamespace, Property(options, "ProjectDir"), embedBlob, ns);
    }

    /// <summary>The .snn file as generated code names it: relative to the project, never the absolute path of this machine.</summary>
    public string SourceName(string path) => SourcePaths.RelativeOrFileName(path, ProjectDirectory);

    private static bool IsNamespace(string name) =>
        name.Split('.').All(part => SyntaxFacts.IsValidIdentifier(part) && SyntaxFacts.GetKeywordKind(part) == SyntaxKind.None);

    private static bool Is(AnalyzerConfigOptions options, string name, string value) =>
        string.Equals(Property(options, name), value, StringComparison.OrdinalIgnoreCase);

    // An empty property is the same as an absent one: MSBuild writes every visible property, set or not.
    private static string? Property(AnalyzerConfigOptions options, string name) =>
        options.TryGetValue("build_property." + name, out var value) && value.Trim().Length > 0 ? value.Trim() : null;
}
