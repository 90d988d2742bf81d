using System;
using System.IO;
using System.Linq;
using DnSoc.Dsl.Interchange.Import;
using DnSoc.Dsl.Interchange.Nir;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Diagnostics;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Weights;
using DnSoc.Dsl.Tests.Infrastructure;

namespace DnSoc.Dsl.Tests.Interchange;

/// <summary>snnc import on the frameworks' own files, on the fixtures written by h5py, and one case per refusal code.</summary>
public class NirImportTests
{
    [SharedNirFact]
    public void The_norse_file_imports_to_its_one_neuron_network()
    {
        var (imported, diagnostics) = NirFiles.Import(Path.Combine(NirFiles.Shared!, "lif_norse.nir"));
        Assert.True(imported is not null, diagnostics.Show());
        var network = imported!.Network;
        var layer = Assert.Single(network.Layers);
        Assert.Equal((1, 1, 1), (network.Input.Size, layer.InputSize, layer.Size));

        // weight 1.0 takes the top of 8 bits (scale 1/127); threshold 0.1 -> 12.7 -> 13; dt = tau / r = tau, so beta = 0 -> shift 1.
        Assert.Equal(new[] { 127 }, layer.Weights.ToArray());
        Assert.Equal(new NeuronIr("n1_neuron", 13, LeakKind.Shift, 1, ResetKind.Zero, 16), layer.Neuron);
        Assert.Equal((TargetKind.Mcu, UpdateMode.PerStep, ReadoutMode.Count), (network.Target.Kind, network.Update, network.Readout.Mode));
        Assert.Contains(imported.Notes, n => n.Contains("'shift 1'") && n.Contains("instead of 0"));
        Assert.Contains(imported.Notes, n => n.Contains("scale 0.00787402"));
    }

    [SharedNirFact]
    public void The_braille_file_is_refused_at_its_recurrent_cubalif_node()
    {
        var (imported, diagnostics) = NirFiles.Import(Path.Combine(NirFiles.Shared!, "braille_noDelay_bias_zero.nir"));
        Assert.Null(imported);
        Assert.Contains(diagnostics, d => d.Code == "SNN0603" && d.Message.StartsWith("node 'lif1.lif' (CubaLIF)"));
        Assert.Contains(diagnostics, d => d.Code == "SNN0606" && d.Message.Contains("'lif1.lif' (CubaLIF) is on a recurrent loop (lif1.lif -> lif1.w_rec -> lif1.lif)"));
        Assert.All(diagnostics, d => Assert.EndsWith("braille_noDelay_bias_zero.nir(1,1)", d.Location.ToString()));
    }

    [Fact]
    public void A_linear_mlp_with_a_power_of_two_beta_imports_exactly_by_the_documented_rule()
    {
        var path = Path.Combine(NirFiles.Fixtures, "mlp-linear-beta0875.nir");
        var (imported, diagnostics) = NirFiles.Import(path);
        Assert.True(imported is not null, diagnostics.Show());
        var network = imported!.Network;
        Assert.Equal(new[] { 4, 4 }, network.Input.Shape.ToArray());
        Assert.DoesNotContain(imported.Notes, n => n.Contains("beta"));

        var graph = Read(path);
        foreach (var layer in network.Layers)
        {
            Assert.Equal((LeakKind.Shift, 3), (layer.Neuron.Leak, layer.Neuron.LeakAmount));
            var weight = graph.Node(layer.Name.Replace("lif", "fc"))!.Parameter("weight")!.Tensor!;
            var scale = weight.Values.Max(Math.Abs) / 127;
            for (var pre = 0; pre < layer.InputSize; pre++)
            {
                for (var post = 0; post < layer.Size; post++)
                {
                    Assert.Equal(WeightQuantizer.Quantize(weight.Values[(post * layer.InputSize) + pre], scale), layer.Weight(pre, post));
                }
            }

            Assert.Equal(WeightQuantizer.Quantize(1.0, scale), layer.Neuron.Threshold);
        }
    }

    [Fact]
    public void A_beta_that_is_no_power_of_two_complement_takes_the_nearest_shift_and_says_by_how_much()
    {
        var (imported, diagnostics) = NirFiles.Import(Path.Combine(NirFiles.Fixtures, "mlp-affine-zero-bias-beta09.nir"));
        Assert.True(imported is not null, diagnostics.Show());
        Assert.All(imported!.Network.Layers, l => Assert.Equal((LeakKind.Shift, 3), (l.Neuron.Leak, l.Neuron.LeakAmount)));
        Assert.Contains(imported.Notes, n => n.StartsWith("node 'lif1' (LIF): beta = 1 - dt / tau = 0.9 ") && n.Contains("(beta 0.875)") && n.Contains("(-0.025)"));
    }

    [Fact]
    public void A_non_zero_bias_is_refused_at_each_affine_node()
    {
        var (imported, diagnostics) = NirFiles.Import(Path.Combine(NirFiles.Fixtures, "mlp-affine-bias.nir"));
        Assert.Null(imported);
        Assert.Equal(new[] { "fc1", "fc2" }, diagnostics.Select(d => d.Code == "SNN0607" ? d.Message.Split('\'')[1] : d.ToString()));
    }

    [Fact]
    public void The_snntorch_style_784_128_10_gets_back_the_integer_weights_it_was_written_from()
    {
        // write_fixtures.py wrote the example's trained i8 weights x 0.01 as float32 nn.Linear weights, thresholds 1.28.
        var (imported, diagnostics) = NirFiles.Import(Path.Combine(NirFiles.Fixtures, "mnist-784-128-10-snntorch.nir"));
        Assert.True(imported is not null, diagnostics.Show());
        var example = ExampleNetworks.Network("mnist-784-128-10.snn");
        Assert.Equal(example.Layers.Select(l => l.Weights), imported!.Network.Layers.Select(l => l.Weights));
        Assert.All(imported.Network.Layers, l => Assert.Equal(new NeuronIr(l.Name + "_neuron", 128, LeakKind.Shift, 4, ResetKind.Zero, 16), l.Neuron));
    }

    [Fact]
    public void Every_interchange_code_is_produced_by_a_case()
    {
        // The .snn corpus cannot hold these (they concern .nir files), so the cases live here.
        var codes = DiagnosticDescriptors.All.Where(d => d.Stage == DiagnosticStage.Interchange).Select(d => d.Code).ToHashSet();
        var covered = RefusalCases().Select(c => c.Code).ToHashSet();
        Assert.Equal(codes.Order(), covered.Order());
    }

    [Theory]
    [MemberData(nameof(RefusalCaseNames))]
    public void A_refused_graph_gets_its_code_and_no_network(string name)
    {
        var (_, code, file, options) = RefusalCases().Single(c => c.Name == name);
        var (imported, diagnostics) = NirFiles.Import(file(), options);
        Assert.Null(imported);
        Assert.True(diagnostics.Any(d => d.Code == code), $"{name}: expected {code}; got:\n{diagnostics.Show()}");
        Assert.All(diagnostics, d => Assert.Equal("model.nir(1,1)", d.Location.ToString()));
    }

    public static TheoryData<string> RefusalCaseNames() => new(RefusalCases().Select(c => c.Name));

    private static (string Name, string Code, Func<byte[]> File, ImportOptions? Options)[] RefusalCases()
    {
        var small = NirFiles.Small();
        var nodes = small.Graph.Nodes;
        byte[] Chain(params NirNode[] chain) => NirFiles.Bytes(NirFiles.Document(chain));
        byte[] Replace(int index, NirNode node) => Chain(nodes.Select((n, k) => k == index ? node : n).ToArray());
        var lif = nodes[2];
        return new (string, string, Func<byte[]>, ImportOptions?)[]
        {
            ("not HDF5", "SNN0601", () => System.Text.Encoding.ASCII.GetBytes("this is not an HDF5 file at all, just text"), null),
            ("no version", "SNN0602", WithoutVersion, null),
            ("convolution", "SNN0603", () => Replace(1, NirFiles.Node("conv", "Conv2d", ("weight", NirTensor.Vector(1)))), null),
            ("sub-graph of two", "SNN0604", () => Replace(2, new NirNode("lif", NirTypes.Graph, EquatableArray<NirValue>.Empty, EquatableArray<NirValue>.Empty,
                NirFiles.Document(NirFiles.Input(2), NirFiles.Linear("w", 2, 2), NirFiles.Lif("l", 2), NirFiles.Output(2)).Graph)), null),
            ("two inputs", "SNN0605", () => NirFiles.Bytes(small with { Graph = small.Graph with { Nodes = nodes.Append(NirFiles.Input(3) with { Name = "input2" }).ToEquatableArray() } }), null),
            ("recurrent edge", "SNN0606", () => NirFiles.Bytes(small with { Graph = small.Graph with { Edges = small.Graph.Edges.Append(new NirEdge("lif", "fc")).ToEquatableArray() } }), null),
            ("bias", "SNN0607", () => Replace(1, (nodes[1] with { Type = NirTypes.Affine }).With("bias", NirValue.Of("bias", NirTensor.Vector(0, 0.5)))), null),
            ("per-neuron tau", "SNN0608", () => Replace(2, lif.With("tau", NirValue.Of("tau", NirTensor.Vector(8e-4, 4e-4)))), null),
            ("v_leak", "SNN0609", () => Replace(2, lif.With("v_leak", NirValue.Of("v_leak", NirTensor.Vector(0.2, 0.2)))), null),
            ("weight shape", "SNN0610", () => Replace(1, NirFiles.Linear("fc", 2, 4)), null),
            ("huge shape", "SNN0611", () => HugeWeight(), null),
            ("negative tau", "SNN0612", () => Replace(2, lif.With("tau", NirValue.Of("tau", NirTensor.Vector(-1, -1)))), null),
            ("two time steps", "SNN0613", () => Chain(nodes[0], nodes[1], lif, NirFiles.Linear("fc2", 2, 2), NirFiles.Lif("lif2", 2, tau: 8e-3, r: 8), NirFiles.Output(2)), null),
            ("bad metadata", "SNN0614", () => Replace(2, lif with { Metadata = new[] { NirValue.Of(DnsocMetadata.Threshold, 0.5) }.ToEquatableArray() }), null),
            ("bad option", "SNN0615", () => NirFiles.Bytes(small), new ImportOptions(WeightBits: 40)),
            ("two linear nodes", "SNN0616", () => Chain(nodes[0], nodes[1], NirFiles.Linear("fc2", 2, 2), lif, nodes[3]), null),
            ("weight as text", "SNN0617", () => Replace(1, nodes[1].With("weight", NirValue.Of("weight", "oops"))), null),
        };
    }

    private static byte[] WithoutVersion()
    {
        var file = new PureHDF.H5File { ["node"] = new PureHDF.H5Group { ["type"] = NirTypes.Graph } };
        using var output = new MemoryStream();
        file.Write(output);
        return output.ToArray();
    }

    /// <summary>A weight whose dataspace is patched to claim [2^20, 2^20]: the reader must refuse it before reading a byte.</summary>
    private static byte[] HugeWeight()
    {
        var file = NirFiles.Bytes(NirFiles.Document(NirFiles.Input(11), NirFiles.Linear("fc", 7, 11), NirFiles.Lif("lif", 7), NirFiles.Output(7)));
        var dims = BitConverter.GetBytes(7UL).Concat(BitConverter.GetBytes(11UL)).ToArray();
        var at = Enumerable.Range(0, file.Length - dims.Length).Single(k => file.AsSpan(k, dims.Length).SequenceEqual(dims));
        BitConverter.GetBytes(1UL << 20).CopyTo(file, at);
        BitConverter.GetBytes(1UL << 20).CopyTo(file, at + 8);
        return file;
    }

    private static NirGraph Read(string path)
    {
        using var stream = File.OpenRead(path);
        return NirReader.Read(stream, path, new DiagnosticBag())!.Graph;
    }
}
