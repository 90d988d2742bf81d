using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Linq;
using System.Threading;
using DnSoc.Dsl.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
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
    /// <param name="properties">The project's MSBuild properties as the generator sees them; none when null.</param>
    public static GeneratorDriver Driver(IEnumerable<AdditionalText> texts, BuildProperties? properties = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new SnnGenerator().AsSourceGenerator() },
            texts,
            optionsProvider: properties ?? new BuildProperties(),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static CSharpCompilation Consumer(params string[] sources) => InMemoryCompiler.Compilation("Consumer", sources);

    /// <summary>Runs the generator once; returns the driver (for incremental reruns), the output compilation and the generator's diagnostics.</summary>
    public static (GeneratorDriver Driver, Compilation Output, ImmutableArray<Diagnostic> Diagnostics) Run(
        IEnumerable<AdditionalText> texts, CSharpCompilation? compilation = null, BuildProperties? properties = null)
    {
        var driver = Driver(texts, properties).RunGeneratorsAndUpdateCompilation(compilation ?? Consumer("class Program { }"), out var output, out var diagnostics);
        return (driver, output, diagnostics);
    }
}

/// <summary>MSBuild properties made visible to the generator (<c>build_property.NAME</c> in the analyzer config).</summary>
public sealed class BuildProperties : AnalyzerConfigOptionsProvider
{
    private readonly Options global;

    public BuildProperties(params (string Name, string Value)[] properties) =>
        global = new Options(properties.ToDictionary(p => "build_property." + p.Name, p => p.Value));

    public override AnalyzerConfigOptions GlobalOptions => global;

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

    private sealed class Options : AnalyzerConfigOptions
    {
        private readonly Dictionary<string, string> values;

        public Options(Dictionary<string, string> values) => this.values = values;

        public static Options Empty { get; } = new(new());

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
