using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using DnSoc.Dsl.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace DnSoc.Dsl.Tests.Infrastructure;

/// <summary>An AdditionalText held in memory.</summary>
public sealed class MemoryText : AdditionalText
{
    private readonly string text;

    public MemoryText(string path, string text)
    {
        Path = path;
        this.text = text;
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);

    /// <summary>The files of a folder (by pattern) as AdditionalTexts under their real paths.</summary>
    public static IEnumerable<AdditionalText> FromFolder(string folder, params string[] patterns) =>
        patterns.SelectMany(p => Directory.GetFiles(folder, p)).Select(f => new MemoryText(f, File.ReadAllText(f)));
}

/// <summary>Runs the source generator the way a build does, with step tracking on.</summary>
public static class GeneratorHarness
{
    public static GeneratorDriver Driver(IEnumerable<AdditionalText> texts) =>
        CSharpGeneratorDriver.Create(
            new[] { new SnnGenerator().AsSourceGenerator() },
            texts,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static CSharpCompilation Consumer(params string[] sources) => InMemoryCompiler.Compilation("Consumer", sources);

    /// <summary>Runs the generator once; returns the driver (for incremental reruns), the output compilation and the generator's diagnostics.</summary>
    public static (GeneratorDriver Driver, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Run(IEnumerable<AdditionalText> texts, CSharpCompilation? compilation = null)
    {
        var driver = Driver(texts).RunGeneratorsAndUpdateCompilation(compilation ?? Consumer("class Program { }"), out var output, out var diagnostics);
        return (driver, output, diagnostics);
    }
}
