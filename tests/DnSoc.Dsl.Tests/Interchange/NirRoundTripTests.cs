using System.IO;
using System.Linq;
using DnSoc.Dsl.Cli;
using DnSoc.Dsl.Interchange.Export;
using DnSoc.Dsl.Interchange.Import;
using DnSoc.Dsl.Interchange.Nir;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Tests.Corpus;
using DnSoc.Dsl.Tests.Infrastructure;
using DnSoc.Dsl.Training;
using DnSoc.Dsl.Training.Evaluation;

namespace DnSoc.Dsl.Tests.Interchange;

/// <summary>snnc export then snnc import: the same network, to the last integer (docs/nir.md#metadata).</summary>
public class NirRoundTripTests
{
    public static TheoryData<string> Examples() => CorpusTests.Examples();

    [Theory]
    [MemberData(nameof(Examples))]
    public void Export_then_import_gives_the_identical_ir(string file)
    {
        var original = ExampleNetworks.Network(file);
        var imported = RoundTrip(original);

        // Budgets are limits checked against the cost model, not part of what the network computes; they are not exported.
        Assert.Equal(original with { Budgets = EquatableArray<BudgetLimitIr>.Empty }, imported.Network with { Budgets = EquatableArray<BudgetLimitIr>.Empty });
    }

    [Fact]
    public void An_exported_graph_is_nir_1_0_with_float_parameters_in_integer_steps()
    {
        var network = ExampleNetworks.Network("mnist-784-48-10.snn");
        var graph = NirExporter.Export(network).Document!.Graph;
        Assert.Equal(new[] { "Input", "Flatten", "Linear", "IF", "Linear", "IF", "Output" }, graph.Nodes.Select(n => n.Type));
        var hidden = graph.Node("hidden")!;
        Assert.All(hidden.Parameter("v_threshold")!.Tensor!.Values, v => Assert.Equal(128, v));
        var weight = graph.Node("hidden_weights")!.Parameter("weight")!.Tensor!;
        Assert.Equal(new long[] { 48, 784 }, weight.Shape.ToArray());
        Assert.Equal(network.Layers[0].Weight(5, 7), weight.Values[(7 * 784) + 5]);
    }

    [Fact]
    public void A_shift_leak_exports_as_lif_with_snntorch_tau_and_r()
    {
        var network = ExampleNetworks.Network("mnist-784-48-10.snn");
        var shifted = network with { Layers = network.Layers.Select(l => l with { Neuron = l.Neuron with { Leak = LeakKind.Shift, LeakAmount = 3 } }).ToEquatableArray() };
        var lif = NirExporter.Export(shifted).Document!.Graph.Node("out")!;
        Assert.Equal(NirTypes.Lif, lif.Type);
        Assert.Equal(8e-4, lif.Parameter("tau")!.Tensor!.Values[0], 12);
        Assert.Equal(8, lif.Parameter("r")!.Tensor!.Values[0]);
        Assert.Equal(shifted with { Budgets = EquatableArray<BudgetLimitIr>.Empty }, RoundTrip(shifted).Network with { Budgets = EquatableArray<BudgetLimitIr>.Empty });
    }

    [Fact]
    public void An_exported_and_reimported_mnist_network_classifies_the_sample_exactly_as_the_original()
    {
        // The committed 500-image sample (the full test set is not in CI), run by the generated code as snnc eval runs it.
        var sample = Sample();
        var original = ExampleNetworks.Network("mnist-784-128-10.snn");
        var reimported = RoundTrip(original).Network;
        var before = Evaluator.Evaluate(original, sample, referenceCheck: 50);
        var after = Evaluator.Evaluate(reimported, sample, referenceCheck: 50);
        Assert.Equal(492, before.Correct); // as recorded in TrainingTests
        Assert.Equal(before.Correct, after.Correct);
        Assert.Equal(before.Confusion, after.Confusion);
    }

    [Fact]
    public void Snnc_export_and_import_write_files_that_check_cleanly()
    {
        var folder = Directory.CreateTempSubdirectory("nir-cli").FullName;
        var nir = Path.Combine(folder, "tiny.nir");
        var (exportOut, exportErr) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, SnncApp.Run(new[] { "export", Path.Combine(ExampleNetworks.Folder, "tinyodin-mnist.snn"), "-o", nir }, exportOut, exportErr));
        Assert.Contains("wrote " + nir, exportOut.ToString());

        var (importOut, importErr) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, SnncApp.Run(new[] { "import", nir, "-o", folder }, importOut, importErr));
        Assert.True(File.Exists(Path.Combine(folder, "TinyOdinMnist.snn")), importOut + importErr.ToString());
        Assert.Equal(0, SnncApp.Run(new[] { "check", Path.Combine(folder, "TinyOdinMnist.snn") }, new StringWriter(), new StringWriter()));

        var (badOut, badErr) = (new StringWriter(), new StringWriter());
        File.WriteAllText(Path.Combine(folder, "broken.nir"), "not a NIR file");
        Assert.Equal(1, SnncApp.Run(new[] { "import", Path.Combine(folder, "broken.nir"), "-o", folder }, badOut, badErr));
        Assert.Contains("error SNN0601", badErr.ToString());
        Assert.DoesNotContain("   at ", badErr.ToString());
        Directory.Delete(folder, recursive: true);
    }

    internal static ImportedNetwork RoundTrip(NetworkIr network)
    {
        var exported = NirExporter.Export(network);
        Assert.Null(exported.Refusal);
        var diagnostics = new Language.Diagnostics.DiagnosticBag();
        var imported = NirImporter.Import(new MemoryStream(NirFiles.Bytes(exported.Document!)), network.Name + ".nir", new ImportOptions(), diagnostics);
        Assert.True(imported is not null, diagnostics.ToSortedArray().Show());
        return imported!;
    }

    private static LabeledImages Sample()
    {
        var set = Data.Fixture.Set;
        return new LabeledImages(Enumerable.Range(0, set.Count).Select(set.Image).ToArray(), Enumerable.Range(0, set.Count).Select(i => (byte)set.Label(i)).ToArray());
    }
}
