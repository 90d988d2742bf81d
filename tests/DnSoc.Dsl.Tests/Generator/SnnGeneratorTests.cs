using System;
using System.Linq;
using System.Threading;
using DnSoc.Dsl.Backend.Reference;
using DnSoc.Dsl.Generator;
using DnSoc.Dsl.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace DnSoc.Dsl.Tests.Generator;

public class SnnGeneratorTests
{
    private const string Tiny = """
        network Tiny {
          target dnsoc;
          timesteps 4;
          input x[4] encode rate(seed: 7);
          neuron lif N { threshold: 10; }
          layer h: N[3] from x weights "tiny.w.txt#h";
          layer o: N[2] from h weights "tiny.w.txt#o";
          readout o count;
        }
        """;

    private static readonly string TinyWeights = System.IO.File.ReadAllText(RepoPaths.Combine("tests", "corpus", "valid", "tiny.w.txt"));

    private static readonly BuildProperties EmbedBlob = new(("SnnEmbedBlob", "true"));

    [Fact]
    public void Both_examples_generate_compile_and_classify()
    {
        var (_, output, diagnostics) = GeneratorHarness.Run(MemoryText.FromFolder(RepoPaths.Combine("examples"), "*.snn", "*.w.txt"));
        Assert.Empty(diagnostics);
        var assembly = InMemoryCompiler.Load((Microsoft.CodeAnalysis.CSharp.CSharpCompilation)output);
        foreach (var name in new[] { "Mnist784x48x10", "Mnist784x128x10" })
        {
            var network = new GeneratedNetwork(assembly, $"{SnnGenerator.Namespace}.{name}");
            var predicted = network.Infer(new byte[784]);
            Assert.InRange(predicted, 0, 9);
        }
    }

    [Fact]
    public void Diagnostics_land_at_their_line_and_column_in_the_snn_file()
    {
        var broken = Tiny.Replace("threshold: 10;", "treshold: 10;");
        var (_, _, diagnostics) = GeneratorHarness.Run(new AdditionalText[] { new MemoryText("/p/net.snn", broken), new MemoryText("/p/tiny.w.txt", TinyWeights) });
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SNN0203", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal("/p/net.snn", span.Path);
        Assert.Equal(new LinePosition(4, 17), span.StartLinePosition); // 0-based: shown as net.snn(5,18)
        Assert.Contains("did you mean 'threshold'?", diagnostic.GetMessage());
        Assert.StartsWith("/p/net.snn(5,18): error SNN0203:", diagnostic.ToString());
    }

    [Fact]
    public void A_broken_snn_file_fails_the_build_and_generates_no_code_for_it_only_an_empty_class()
    {
        var (_, output, diagnostics) = GeneratorHarness.Run(new AdditionalText[] { new MemoryText("/p/net.snn", Tiny.Replace("timesteps 4;", "timesteps 0;")), new MemoryText("/p/tiny.w.txt", TinyWeights) });
        Assert.Contains(diagnostics, d => d.Id == "SNN0301" && d.Severity == DiagnosticSeverity.Error);
        var tiny = Assert.Single(output.GetSymbolsWithName("Tiny", SymbolFilter.Type).OfType<INamedTypeSymbol>());
        Assert.Empty(tiny.GetMembers().Where(m => !m.IsImplicitlyDeclared));
    }

    [Fact]
    public void A_consumer_of_a_broken_network_sees_the_snn_error_not_a_missing_class()
    {
        var consumer = GeneratorHarness.Consumer("""
            class Program
            {
                static DnSoc.Networks.Tiny Make() => new DnSoc.Networks.Tiny();
            }
            """);
        var broken = Tiny.Replace("target dnsoc;", "target dnsoc(weight_bits: 99);");
        var (_, output, diagnostics) = GeneratorHarness.Run(new AdditionalText[] { new MemoryText("/p/net.snn", broken), new MemoryText("/p/tiny.w.txt", TinyWeights) }, consumer);
        Assert.Contains(diagnostics, d => d.Id == "SNN0303" && d.Severity == DiagnosticSeverity.Error);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void An_exceeded_budget_is_a_build_warning_at_the_budget_line_and_the_code_is_still_generated()
    {
        var over = Tiny.Replace("readout o count;", "readout o count;\n  budget { latency <= 1 ns; }");
        var (_, output, diagnostics) = GeneratorHarness.Run(new AdditionalText[] { new MemoryText("/p/net.snn", over), new MemoryText("/p/tiny.w.txt", TinyWeights) });
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SNN0501", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal(8, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Contains(output.SyntaxTrees, t => t.FilePath.Contains("Tiny."));
    }

    [Fact]
    public void Weights_diagnostics_point_into_the_weights_file()
    {
        var (_, _, diagnostics) = GeneratorHarness.Run(new AdditionalText[] { new MemoryText("/p/net.snn", Tiny), new MemoryText("/p/tiny.w.txt", TinyWeights.Replace("20", "x")) });
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SNN0402", diagnostic.Id);
        Assert.Equal("/p/tiny.w.txt", diagnostic.Location.GetLineSpan().Path);
    }

    [Fact]
    public void A_core_network_the_planner_cannot_map_gets_no_blob_and_an_informational_diagnostic_saying_why()
    {
        var cut = Tiny.Replace("readout o count;", "readout o count;\n  prune dynamic { policy row_cutoff { layers: h; keep_min: 0.5; target_rate: 0.05; } }");
        var weights = new MemoryText("/p/tiny.w.txt", TinyWeights);
        var (_, withCutoff, diagnostics) = GeneratorHarness.Run(new AdditionalText[] { new MemoryText("/p/net.snn", cut), weights }, properties: EmbedBlob);
        var info = Assert.Single(diagnostics);
        Assert.Equal("SNN0010", info.Id);
        Assert.Equal(DiagnosticSeverity.Info, info.Severity);
        Assert.Contains("row_cutoff", info.GetMessage());
        Assert.DoesNotContain(withCutoff.SyntaxTrees, t => t.ToString().Contains("byte[] Blob", System.StringComparison.Ordinal));

        var (_, plain, none) = GeneratorHarness.Run(new AdditionalText[] { new MemoryText("/p/net.snn", Tiny), weights }, properties: EmbedBlob);
        Assert.Empty(none);
        Assert.Contains(plain.SyntaxTrees, t => t.ToString().Contains("byte[] Blob", System.StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("false")]
    public void Without_SnnEmbedBlob_no_network_gets_a_blob_and_none_hears_why(string? property)
    {
        var cut = Tiny.Replace("readout o count;", "readout o count;\n  prune dynamic { policy row_cutoff { layers: h; keep_min: 0.5; target_rate: 0.05; } }");
        var properties = property is null ? new BuildProperties() : new BuildProperties(("SnnEmbedBlob", property));
        var texts = new AdditionalText[] { new MemoryText("/p/net.snn", Tiny), new MemoryText("/p/cut.snn", cut.Replace("network Tiny", "network Cut")), new MemoryText("/p/tiny.w.txt", TinyWeights) };

        var (_, output, diagnostics) = GeneratorHarness.Run(texts, properties: properties);

        Assert.Empty(diagnostics);
        Assert.Contains(output.SyntaxTrees, t => t.ToString().Contains("class Tiny", System.StringComparison.Ordinal));
        Assert.DoesNotContain(output.SyntaxTrees, t => t.ToString().Contains("Blob", System.StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_weights_file_says_to_add_it_as_an_additional_file()
    {
        var (_, _, diagnostics) = GeneratorHarness.Run(new AdditionalText[] { new MemoryText("/p/net.snn", Tiny) });
        Assert.All(diagnostics, d => Assert.Equal("SNN0401", d.Id));
        Assert.Contains("AdditionalFiles", diagnostics[0].GetMessage());
    }

    [Fact]
    public void An_unrelated_edit_leaves_every_tracked_step_cached()
    {
        var texts = new AdditionalText[] { new MemoryText("/p/net.snn", Tiny), new MemoryText("/p/tiny.w.txt", TinyWeights) };
        var compilation = GeneratorHarness.Consumer("class Program { }", "class Other { int x; }");
        var driver = GeneratorHarness.Driver(texts).RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Last(), CSharpSyntaxTree.ParseText("class Other { int y; }"));
        driver = driver.RunGenerators(edited);

        var steps = driver.GetRunResult().Results.Single().TrackedSteps;
        foreach (var name in new[] { TrackingNames.Texts, TrackingNames.SnnFiles, TrackingNames.WeightsFiles, TrackingNames.Results, TrackingNames.Declared })
        {
            Assert.True(steps.ContainsKey(name), $"step {name} was not tracked");
            var reasons = steps[name].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
            Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name} re-ran: {r}"));
        }
    }

    [Fact]
    public void Editing_an_additional_file_that_is_neither_snn_nor_weights_reruns_nothing()
    {
        var notes = new MemoryText("/p/notes.json", "{ }");
        var compilation = GeneratorHarness.Consumer("class Program { }");
        var driver = GeneratorHarness.Driver(new AdditionalText[] { new MemoryText("/p/net.snn", Tiny), new MemoryText("/p/tiny.w.txt", TinyWeights), notes })
            .RunGenerators(compilation);
        driver = driver.ReplaceAdditionalText(notes, new MemoryText("/p/notes.json", "{ \"edited\": true }")).RunGenerators(compilation);
        var reasons = driver.GetRunResult().Results.Single().TrackedSteps[TrackingNames.Results].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        Assert.NotEmpty(reasons);
        Assert.All(reasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"the compile step re-ran: {r}"));
    }

    [Fact]
    public void Editing_the_snn_file_reruns_the_compile_step()
    {
        var snn = new MemoryText("/p/net.snn", Tiny);
        var compilation = GeneratorHarness.Consumer("class Program { }");
        var driver = GeneratorHarness.Driver(new AdditionalText[] { snn, new MemoryText("/p/tiny.w.txt", TinyWeights) }).RunGenerators(compilation);
        driver = driver.ReplaceAdditionalText(snn, new MemoryText("/p/net.snn", Tiny.Replace("timesteps 4", "timesteps 5"))).RunGenerators(compilation);
        var reasons = driver.GetRunResult().Results.Single().TrackedSteps[TrackingNames.Results].SelectMany(s => s.Outputs).Select(o => o.Reason);
        Assert.Contains(IncrementalStepRunReason.Modified, reasons);
    }

    [Fact]
    public void Same_file_name_in_two_folders_does_not_collide()
    {
        var other = Tiny.Replace("network Tiny", "network Tiny2");
        var (_, output, diagnostics) = GeneratorHarness.Run(new AdditionalText[]
        {
            new MemoryText("/p/a/net.snn", Tiny), new MemoryText("/p/a/tiny.w.txt", TinyWeights),
            new MemoryText("/p/b/net.snn", other), new MemoryText("/p/b/tiny.w.txt", TinyWeights),
        });
        Assert.Empty(diagnostics);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var assembly = InMemoryCompiler.Load((CSharpCompilation)output);
        Assert.NotNull(assembly.GetType($"{SnnGenerator.Namespace}.Tiny"));
        Assert.NotNull(assembly.GetType($"{SnnGenerator.Namespace}.Tiny2"));
    }

    [Fact]
    public void The_same_network_name_in_two_files_is_reported_once_with_both_places()
    {
        var (_, _, diagnostics) = GeneratorHarness.Run(new AdditionalText[]
        {
            new MemoryText("/p/a/net.snn", Tiny), new MemoryText("/p/a/tiny.w.txt", TinyWeights),
            new MemoryText("/p/b/net.snn", Tiny), new MemoryText("/p/b/tiny.w.txt", TinyWeights),
        });
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SNN0002", diagnostic.Id);
        Assert.Equal("/p/b/net.snn", diagnostic.Location.GetLineSpan().Path);
        Assert.Contains("/p/a/net.snn", diagnostic.GetMessage());
    }

    [Fact]
    public void A_file_the_host_cannot_read_gives_SNN0001_not_a_crash()
    {
        var driver = GeneratorHarness.Driver(new AdditionalText[] { new UnreadableText("/p/net.snn") })
            .RunGeneratorsAndUpdateCompilation(GeneratorHarness.Consumer("class Program { }"), out _, out var diagnostics);
        Assert.Null(driver.GetRunResult().Results.Single().Exception);
        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal("SNN0001", diagnostic.Id);
        Assert.Equal("/p/net.snn", diagnostic.Location.GetLineSpan().Path);
    }

    [Fact]
    public void Generated_class_equals_the_reference_model_on_the_examples()
    {
        var (_, output, _) = GeneratorHarness.Run(MemoryText.FromFolder(RepoPaths.Combine("examples"), "mnist-784-48-10.*"));
        var generated = new GeneratedNetwork(InMemoryCompiler.Load((CSharpCompilation)output), $"{SnnGenerator.Namespace}.Mnist784x48x10");
        var folder = RepoPaths.Combine("examples");
        var path = System.IO.Path.Combine(folder, "mnist-784-48-10.snn");
        var network = DnSoc.Dsl.Language.SnnCompiler.Compile(new DnSoc.Dsl.Language.Text.SourceFile(path, System.IO.File.ReadAllText(path)), new DirectoryResolver(folder)).Networks.Single();
        var random = new Random(3);
        var input = Enumerable.Range(0, 784).Select(_ => (byte)random.Next(256)).ToArray();
        var expected = new ReferenceModel(network).Infer(input);
        Assert.Equal(expected.PredictedClass, generated.Infer(input));
        Assert.Equal(expected.OutputSpikeCounts.ToArray(), generated.OutputSpikeCounts);
    }

    private sealed class UnreadableText : AdditionalText
    {
        public UnreadableText(string path) => Path = path;

        public override string Path { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => throw new System.IO.IOException("disk on fire");
    }
}

/// <summary>The MSBuild property SnnCodeFlavour picks the flavour; without it the generator writes nano code.</summary>
public class GeneratorFlavourTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("nano", false)]
    [InlineData("Host", true)]
    public void The_build_property_selects_the_flavour(string? property, bool host)
    {
        var texts = MemoryText.FromFolder(RepoPaths.Combine("examples"), "mnist-784-48-10.snn", "mnist-784-48-10.w.txt");
        var properties = property is null ? new BuildProperties() : new BuildProperties(("SnnCodeFlavour", property));
        var (_, output, diagnostics) = GeneratorHarness.Run(texts, properties: properties);
        Assert.Empty(diagnostics);
        var source = output.SyntaxTrees.Single(t => t.FilePath.Contains("Mnist784x48x10", StringComparison.Ordinal)).ToString();
        Assert.Equal(host, source.Contains("System.Runtime.Intrinsics.Vector", StringComparison.Ordinal));
        var network = new GeneratedNetwork(InMemoryCompiler.Load((CSharpCompilation)output), $"{SnnGenerator.Namespace}.Mnist784x48x10");
        Assert.InRange(network.Infer(new byte[784]), 0, 9);
    }
}
