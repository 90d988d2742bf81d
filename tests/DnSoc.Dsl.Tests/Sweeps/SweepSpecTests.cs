using System.IO;
using System.Linq;
using DnSoc.Dsl.Cli;
using DnSoc.Dsl.Cli.Sweeps;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Lowering;
using DnSoc.Dsl.Language.Text;

namespace DnSoc.Dsl.Tests.Sweeps;

/// <summary>A spec's points, and each point's network as the front end sees it after the rewrite (no training, no files written).</summary>
public sealed class SweepSpecTests
{
    private const string Base = """
        network Net {
          target dnsoc(rows: 1024, neurons: 256, clock: 100 MHz);
          timesteps 16;
          input pixels[28, 28] encode rate(seed: 1);
          neuron lif Hidden { threshold: 128; leak: subtract 1; reset: subtract; }
          neuron lif Output { threshold: 96; membrane_bits: 14; leak: subtract 1; reset: subtract; }
          layer h1: Hidden[48] from pixels weights "a.w.txt#first";
          layer h2: Hidden[32] from h1 weights "a.w.txt#second" { weight_bits: 6; }
          layer out: Output[10] from h2 weights "b.w.txt";
          readout out potential;
          budget { bram <= 1; }
        }
        """;

    [Fact]
    public void The_points_are_every_combination_of_the_axes_in_a_fixed_order()
    {
        var spec = SweepSpec.Parse("s.spec", """
            { "network": "n.snn", "axes": { "hidden": [16, [8, 4]], "timesteps": [4, 8], "device": ["xc7", "ecp5"], "policy": ["none"] } }
            """);

        var points = spec.Points();

        Assert.Equal(8, points.Count);
        Assert.Equal(Enumerable.Range(0, 8), points.Select(p => p.Index));
        Assert.Equal(new[] { "xc7", "xc7", "xc7", "xc7", "ecp5", "ecp5", "ecp5", "ecp5" }, points.Select(p => p.Device));
        Assert.Equal("hidden 8-4, T 8, xc7, policy none", points[3].Label);
        Assert.Equal(Path.GetFullPath("n.snn"), spec.Network);
        Assert.Equal(60, spec.Training.Epochs); // snnc train's defaults
        Assert.Null(points[0].WeightBits);
    }

    [Fact]
    public void A_point_rewrites_sizes_widths_timesteps_and_target_keeps_the_rest_and_drops_budgets()
    {
        var point = new SweepPoint(0, new[] { 20, 12 }, 4, 12, 8, "mcu(core: cortex_m4, clock: 64 MHz)", "xc7", null);

        var text = NetworkVariant.Rewrite(new SourceFile("/d/base.snn", Base), point, "p.w.txt");
        var compilation = SnnCompiler.Compile(new SourceFile("/d/p.snn", text), new NoFiles());

        var network = Assert.Single(compilation.Bound);
        Assert.DoesNotContain(compilation.Diagnostics, d => d.IsError && d.Stage != Language.Diagnostics.DiagnosticStage.Weights);
        Assert.Equal(new[] { 20L, 12L, 10L }, network.Layers.Select(l => l.Shape[0].Value));
        Assert.All(network.Layers, l => Assert.Equal(4, l.WeightBits.Value));
        Assert.Equal(new[] { "p.w.txt#h1", "p.w.txt#h2", "p.w.txt#out" }, network.Layers.Select(l => l.WeightsReference!.Value));
        Assert.Contains("target mcu(core: cortex_m4, clock: 64 MHz);", text);
        Assert.Contains("timesteps 8;", text);
        Assert.Contains("neuron lif Hidden { threshold: 128; leak: subtract 1; reset: subtract; membrane_bits: 12; }", text);
        Assert.Contains("neuron lif Output { threshold: 96; membrane_bits: 12; leak", text);
        Assert.Contains("layer h1: Hidden[20] from pixels weights \"p.w.txt#h1\" { weight_bits: 4; }", text);
        Assert.DoesNotContain("budget", text);
        Assert.Contains("readout out potential;", text);
    }

    [Fact]
    public void A_point_with_no_overrides_changes_only_the_weights_references_and_the_budget()
    {
        var text = NetworkVariant.Rewrite(new SourceFile("/d/base.snn", Base), new SweepPoint(0, null, null, null, null, null, "xc7", null), "p.w.txt");

        var expected = Base.Replace("a.w.txt#first", "p.w.txt#h1").Replace("a.w.txt#second", "p.w.txt#h2").Replace("b.w.txt", "p.w.txt#out").Replace("budget { bram <= 1; }", string.Empty);
        Assert.Equal(expected, text);
    }

    [Fact]
    public void Hidden_sizes_must_match_the_hidden_layers()
    {
        var e = Assert.Throws<InputException>(() => NetworkVariant.Rewrite(new SourceFile("/d/base.snn", Base), new SweepPoint(0, new[] { 8 }, null, null, null, null, "xc7", null), "p.w.txt"));

        Assert.Equal("hidden [8] gives 1 size(s); /d/base.snn has 2 hidden layer(s)", e.Message);
    }

    private sealed class NoFiles : IFileResolver
    {
        public string MissingFileHint => "none in this test";

        public FileResolution Resolve(string path) => FileResolution.Missing;
    }
}
