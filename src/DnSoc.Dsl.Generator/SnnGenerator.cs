using System;
using System.Collections.Generic;
using System.Linq;
using DnSoc.Dsl.Backend.Emit;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Lowering;
using DnSoc.Dsl.Language.Planning.Cores;
using DnSoc.Dsl.Language.Text;
using Microsoft.CodeAnalysis;

namespace DnSoc.Dsl.Generator;

/// <summary>
/// Turns every .snn AdditionalFile into one C# class per network. All language logic lives in the
/// compiler core; this adapter only moves texts in and sources and diagnostics out, and never throws:
/// an internal failure becomes SNN0001 on the file instead of a bare CS8785.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class SnnGenerator : IIncrementalGenerator
{
    /// <summary>The namespace of the generated classes unless the project sets <c>SnnNamespace</c>.</summary>
    public const string Namespace = ProjectSettings.DefaultNamespace;

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var settings = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => ProjectSettings.From(options.GlobalOptions))
            .WithTrackingName(TrackingNames.Settings);

        // The runtime types live in the classes' namespace, so it follows SnnNamespace too.
        context.RegisterSourceOutput(settings.Select(static (s, _) => (s.Namespace, s.InvalidNamespace)), static (output, names) =>
        {
            if (names.InvalidNamespace is { } invalid)
            {
                output.ReportDiagnostic(DiagnosticConverter.ForProject(DiagnosticDescriptors.InvalidNamespace, invalid));
            }

            output.AddSource(names.Namespace + ".Runtime.g.cs", CSharpEmitter.EmitRuntime(names.Namespace));
        });

        // Only .snn files and weights files are read: editing any other AdditionalFile re-runs nothing.
        var texts = context.AdditionalTextsProvider
            .Where(static text => IsSnn(text.Path) || IsWeights(text.Path))
            .Select(static (text, token) => Read(text, token))
            .WithTrackingName(TrackingNames.Texts);
        var snnFiles = texts.Where(static f => IsSnn(f.Path)).WithTrackingName(TrackingNames.SnnFiles);
        var weightsFiles = texts.Where(static f => !IsSnn(f.Path)).Collect()
            .Select(static (files, _) => files.OrderBy(f => f.NormalizedPath, StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.WeightsFiles);

        var results = snnFiles.Combine(weightsFiles).Combine(settings)
            .Select(static (pair, _) => Generate(pair.Left.Left, pair.Left.Right, pair.Right))
            .WithTrackingName(TrackingNames.Results);

        context.RegisterSourceOutput(results, static (output, result) =>
        {
            foreach (var diagnostic in result.Diagnostics)
            {
                output.ReportDiagnostic(DiagnosticConverter.ToRoslyn(diagnostic));
            }

            foreach (var source in result.Sources)
            {
                output.AddSource(source.HintName, source.Text);
            }
        });

        var declared = results.Select(static (r, _) => r.Networks).Collect().WithTrackingName(TrackingNames.Declared);
        context.RegisterSourceOutput(declared, static (output, networks) =>
        {
            foreach (var duplicate in Duplicates(networks.SelectMany(n => n)))
            {
                output.ReportDiagnostic(DiagnosticConverter.ToRoslyn(duplicate));
            }
        });
    }

    /// <summary>Reads an AdditionalText; a host that fails to read it gives SNN0001 later, never an exception here.</summary>
    private static InputFile Read(AdditionalText text, System.Threading.CancellationToken token)
    {
        var normalized = SourcePaths.Normalize(text.Path);
        try
        {
            return new InputFile(text.Path, normalized, text.GetText(token)?.ToString() ?? string.Empty);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new InputFile(text.Path, normalized, string.Empty, $"cannot read the file: {e.GetType().Name}: {e.Message}");
        }
    }

    private static bool IsSnn(string path) => path.EndsWith(".snn", StringComparison.OrdinalIgnoreCase);

    /// <summary>Weights files (docs/weights-format.md) are named <c>*.w.txt</c>; the generator resolves weights among them.</summary>
    private static bool IsWeights(string path) => path.EndsWith(".w.txt", StringComparison.OrdinalIgnoreCase);

    internal static FileResult Generate(InputFile file, EquatableArray<InputFile> others, ProjectSettings settings)
    {
        var source = new SourceFile(file.Path, file.Text);
        if (file.ReadError is { } readError)
        {
            return Failure(source, readError);
        }

        try
        {
            var compilation = SnnCompiler.Compile(source, new AdditionalFileResolver(others));
            var options = new EmitOptions(settings.Namespace, settings.SourceName(file.Path), settings.Flavour, EmbedBlob: settings.EmbedBlob);
            var generated = compilation.Networks
                .Select(n => new GeneratedSource(HintName(n.Name, file.NormalizedPath), CSharpEmitter.EmitNetwork(n, options)));
            var placeholders = compilation.Bound
                .Where(b => !compilation.Networks.Any(n => n.Name == b.Name))
                .Select(b => new GeneratedSource(HintName(b.Name, file.NormalizedPath), CSharpEmitter.EmitPlaceholder(b.Name, options)));
            var sources = generated.Concat(placeholders).ToEquatableArray();
            var networks = compilation.Bound
                .Select(n => new DeclaredNetwork(n.Name, file.Path, n.Location))
                .ToEquatableArray();
            var noBlob = settings.EmbedBlob ? NoBlob(compilation) : Enumerable.Empty<Language.Diagnostics.Diagnostic>();
            return new FileResult(compilation.Diagnostics.Concat(noBlob).ToEquatableArray(), sources, networks);
        }
        catch (Exception e)
        {
            return Failure(source, $"{e.GetType().Name}: {e.Message}");
        }
    }

    // A core target's network the core planner cannot put on the cores still compiles; a project that asked for
    // blobs hears why it has none.
    private static IEnumerable<Language.Diagnostics.Diagnostic> NoBlob(SnnCompilation compilation) =>
        from network in compilation.Networks
        where network.Target.Kind != TargetKind.Mcu
        let plan = CorePlanner.Plan(network)
        where !plan.Mappable
        let declared = compilation.Bound.First(b => b.Name == network.Name)
        select DiagnosticDescriptors.NoBlobMember.Create(declared.Location, network.Name, plan.WhyNotMappable!);

    private static FileResult Failure(SourceFile source, string reason) => new(
        new[] { DiagnosticDescriptors.InternalError.Create(source.GetLocation(new TextSpan(0, 0)), reason) }.ToEquatableArray(),
        EquatableArray<GeneratedSource>.Empty,
        EquatableArray<DeclaredNetwork>.Empty);

    /// <summary>Unique per network and file, so equal file names in different folders never collide.</summary>
    private static string HintName(string network, string normalizedPath)
    {
        var hash = 2166136261u;
        foreach (var c in normalizedPath)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return $"{network}.{hash:x8}.g.cs";
    }

    private static IEnumerable<Language.Diagnostics.Diagnostic> Duplicates(IEnumerable<DeclaredNetwork> networks) =>
        networks
            .GroupBy(n => n.Name, StringComparer.Ordinal)
            .Where(g => g.Select(n => n.Path).Distinct().Count() > 1)
            .SelectMany(g =>
            {
                var ordered = g.OrderBy(n => n.Path, StringComparer.Ordinal).ToList();
                return ordered.Skip(1).Select(n => DiagnosticDescriptors.DuplicateGeneratedClass.Create(n.Location, n.Name, ordered[0].Path));
            });

    /// <summary>Weights files come from the other AdditionalFiles, matched by normalised path.</summary>
    private sealed class AdditionalFileResolver : IFileResolver
    {
        private readonly EquatableArray<InputFile> files;

        public AdditionalFileResolver(EquatableArray<InputFile> files) => this.files = files;

        public string MissingFileHint =>
            "add it to the project as <AdditionalFiles Include=\"...\" /> (the path is relative to the .snn file)";

        public FileResolution Resolve(string path) =>
            files.FirstOrDefault(f => string.Equals(f.NormalizedPath, path, StringComparison.Ordinal)) is { } file
                ? new SourceFile(file.Path, file.Text)
                : null;
    }
}

/// <summary>Step names that tests use to check what the incremental pipeline re-ran.</summary>
public static class TrackingNames
{
    public const string Texts = nameof(Texts);
    public const string SnnFiles = nameof(SnnFiles);
    public const string WeightsFiles = nameof(WeightsFiles);
    public const string Results = nameof(Results);
    public const string Declared = nameof(Declared);
    public const string Settings = nameof(Settings);
}
