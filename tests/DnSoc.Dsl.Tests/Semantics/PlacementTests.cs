using System.Linq;
using DnSoc.Dsl.Backend.Reference;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Text;
using DnSoc.Dsl.Tests.Infrastructure;
using DnSoc.Dsl.Tests.Soc;

namespace DnSoc.Dsl.Tests.Semantics;

/// <summary>SNN0323 and the shared core it guards (docs/blob-format.md#shared-core), on the corpus' tiny network.</summary>
public class PlacementTests
{
    private const string Template = """
        network Tiny {
          target TARGET;
          timesteps 6;
          input x[4] encode rate(seed: 7);
          neuron lif N { NEURON }
          layer h: N[3] from x weights "tiny.w.txt#h";
          layer o: N[2] from h weights "tiny.w.txt#o" { core: CORE; }
          readout o count;
        }
        """;

    [Theory]
    [InlineData("dnsoc", "threshold: 10; reset: subtract;", "0", "must use 'reset: zero'")]
    [InlineData("dnsoc(neurons: 8)", "threshold: 10;", "0", "need 9 addresses (4 input rows, then their 5 neurons), and a core has 8")]
    [InlineData("dnsoc", "threshold: 10;", "3", "use core 0 (share it with 'h') or 1 (the next core)")]
    [InlineData("mcu", "threshold: 10;", "0", "target mcu has no cores")]
    public void A_placement_the_cores_cannot_run_is_one_SNN0323_with_the_fix(string target, string neuron, string core, string message)
    {
        var diagnostic = Assert.Single(Compile(target, neuron, core).Diagnostics);
        Assert.Equal("SNN0323", diagnostic.Code);
        Assert.Contains(message, diagnostic.Message);
    }

    [Fact]
    public void Two_dnsoc_layers_on_one_core_match_the_reference_model()
    {
        var compilation = Compile("dnsoc", "threshold: 10; leak: subtract 1;", "0");
        Assert.Empty(compilation.Diagnostics);
        var network = compilation.Networks.Single();
        var soc = SocHarness.For(network);
        Assert.Single(soc.Simulator.Cores);
        var reference = new ReferenceModel(network);
        var random = new System.Random(5);
        var outputSpikes = 0;
        for (var k = 0; k < 50; k++)
        {
            var input = Enumerable.Range(0, 4).Select(_ => (byte)random.Next(256)).ToArray();
            var expected = reference.Infer(input);
            var actual = soc.Controller.Infer(input);
            Assert.Equal(expected.OutputSpikeCounts, actual.OutputSpikeCounts.ToEquatableArray());
            Assert.Equal(expected.FinalMembranes[1], actual.FinalMembranes.ToEquatableArray());
            outputSpikes += actual.OutputSpikeCounts.Sum();
        }

        Assert.True(outputSpikes > 0, "the output layer spikes, so the comparison means something");
    }

    private static SnnCompilation Compile(string target, string neuron, string core) =>
        SnnCompiler.Compile(
            new SourceFile("tiny.snn", Template.Replace("TARGET", target).Replace("NEURON", neuron).Replace("CORE", core)),
            new DirectoryResolver(RepoPaths.Combine("tests", "corpus", "valid")));
}
