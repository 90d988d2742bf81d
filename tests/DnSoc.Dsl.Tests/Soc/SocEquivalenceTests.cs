using System;
using System.Linq;
using DnSoc.Dsl.Backend.Reference;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Tests.Data;
using DnSoc.Dsl.Tests.Infrastructure;
using DnSoc.Dsl.Tests.Reference;
using Xunit.Abstractions;

namespace DnSoc.Dsl.Tests.Soc;

/// <summary>Firmware + simulator against the reference model: the same class, spike counts and membranes.</summary>
public sealed class SocEquivalenceTests
{
    private readonly ITestOutputHelper output;

    public SocEquivalenceTests(ITestOutputHelper output) => this.output = output;

    [Theory]
    [InlineData("mnist-784-48-10.snn", Fixture.Count)]
    [InlineData("mnist-784-128-10.snn", Fixture.Count)]
    [InlineData("mnist-784-128-10-w4.snn", Fixture.Count)]
    [InlineData("mnist-784-128-10-dynamic.snn", 100)]
    public void The_mnist_examples_match_the_reference_model_on_the_committed_sample(string file, int images)
    {
        var network = SocHarness.Example(file);
        var soc = SocHarness.For(network);
        var reference = new ReferenceModel(network);
        var set = Fixture.Set;
        for (var i = 0; i < images; i++)
        {
            var image = set.Image(i);
            var expected = reference.Infer(image);
            var actual = soc.Controller.Infer(image);
            Assert.Equal(expected.PredictedClass, actual.PredictedClass);
            Assert.Equal(expected.OutputSpikeCounts, actual.OutputSpikeCounts.ToEquatableArray());
            Assert.Equal(expected.FinalMembranes[network.Layers.Count - 1], actual.FinalMembranes.ToEquatableArray());
            Assert.Equal(expected.Timesteps, actual.Timesteps);
        }

        output.WriteLine($"{file}: blob {soc.Blob.Length} bytes, {soc.Simulator.Cores.Sum(c => c.SpiFrames)} SPI frames, {soc.Simulator.Cycles / images} core cycles per image");
    }

    /// <summary>The controller runs the early exit (docs/dynamic.md#early-exit) on what it reads from the cores, for every readout.</summary>
    [Fact]
    public void Random_networks_with_an_early_exit_stop_where_the_reference_model_stops()
    {
        var random = new Random(23);
        var stopped = 0;
        for (var k = 0; k < 150; k++)
        {
            var drawn = RandomNetworks.DrawWithPolicies(random, $"e{k}") with { Update = UpdateMode.PerEvent };
            var network = drawn with
            {
                Dynamic = drawn.Policies with { RowCutoffs = EquatableArray<RowCutoffIr>.Empty, Precisions = EquatableArray<LayerPrecisionIr>.Empty },
            };
            var soc = SocHarness.For(network);
            var reference = new ReferenceModel(network);
            for (var trial = 0; trial < 3; trial++)
            {
                var input = Enumerable.Range(0, network.Input.RawSize).Select(_ => (byte)random.Next(256)).ToArray();
                var expected = reference.Infer(input);
                var actual = soc.Controller.Infer(input);
                Assert.Equal(expected.Timesteps, actual.Timesteps);
                Assert.Equal(expected.OutputSpikeCounts, actual.OutputSpikeCounts.ToEquatableArray());
                Assert.Equal(expected.FinalMembranes[network.Layers.Count - 1], actual.FinalMembranes.ToEquatableArray());
                Assert.Equal(expected.PredictedClass, actual.PredictedClass);
                stopped += expected.Timesteps < network.Timesteps ? 1 : 0;
            }
        }

        Assert.True(stopped > 50, $"only {stopped} inferences stopped early: the draw does not exercise the exit");
    }

    [Fact]
    public void A_row_cutoff_is_refused_by_the_blob_writer_with_the_reason()
    {
        var network = RandomNetworks.DrawWithPolicies(new Random(5), "cut");
        while (network.Policies.RowCutoffs.IsEmpty)
        {
            network = RandomNetworks.DrawWithPolicies(new Random(network.Timesteps + network.Layers.Count), "cut");
        }

        var error = Assert.Throws<Backend.Blob.BlobMappingException>(() => Backend.Blob.BlobWriter.Write(network with { Update = UpdateMode.PerEvent }));
        Assert.Contains("row_cutoff", error.Message);
    }

    [Fact]
    public void Random_per_event_networks_of_every_width_match_the_reference_model()
    {
        // Every weight width 1..16 (12-bit weights in 16-bit fields), membranes 2..24, all leaks, resets and readouts.
        var random = new Random(19);
        for (var k = 0; k < 200; k++)
        {
            var network = RandomNetworks.Draw(random, $"r{k}") with { Update = UpdateMode.PerEvent };
            var soc = SocHarness.For(network);
            var reference = new ReferenceModel(network);
            for (var trial = 0; trial < 3; trial++)
            {
                var input = Enumerable.Range(0, network.Input.RawSize).Select(_ => (byte)random.Next(256)).ToArray();
                var expected = reference.Infer(input);
                var actual = soc.Controller.Infer(input);
                Assert.Equal(expected.OutputSpikeCounts, actual.OutputSpikeCounts.ToEquatableArray());
                Assert.Equal(expected.FinalMembranes[network.Layers.Count - 1], actual.FinalMembranes.ToEquatableArray());
                Assert.Equal(expected.PredictedClass, actual.PredictedClass);
            }
        }
    }

    [Fact]
    public void A_256_neuron_tinyodin_network_takes_the_documented_cycles()
    {
        // 256 inputs -> 256 neurons: one full tinyODIN core, MAX_NEUR = 255.
        var weights = Enumerable.Range(0, 256 * 256).Select(k => ((k * 7) % 15) - 7).ToArray();
        var neuron = Nets.Neuron(threshold: 40, leak: LeakKind.Subtract, leakAmount: 3);
        var layer = Nets.Layer(0, 256, neuron, weights);
        var network = Nets.Network(Nets.Rate(256, 5), 8, UpdateMode.PerEvent, layer) with
        {
            Target = new TargetIr(TargetKind.TinyOdin, 256, 256, 4, 12, 100_000_000, 1, null),
        };
        var soc = SocHarness.For(network);
        var input = Enumerable.Range(0, 256).Select(i => (byte)((i * 37) % 256)).ToArray();

        var actual = soc.Controller.Infer(input);
        var expected = new ReferenceModel(network).Infer(input);

        // docs/blob-format.md#cycles: a spike costs 2 + 2 x 256 cycles, a leak event 1 + 2 x 256, an output event 1.
        var inputSpikes = Enumerable.Range(0, 8).Sum(t => Enumerable.Range(0, 256).Count(i => InputEncoderSpikes(network, input[i], t, i)));
        Assert.Equal((inputSpikes * 514L) + (8 * 513L) + expected.SpikeCounts.Sum(layer => layer.Sum()), soc.Simulator.Cycles);
        Assert.Equal(expected.OutputSpikeCounts, actual.OutputSpikeCounts.ToEquatableArray());
        Assert.Equal(expected.FinalMembranes[0], actual.FinalMembranes.ToEquatableArray());
        Assert.Equal(expected.PredictedClass, actual.PredictedClass);
        output.WriteLine($"{inputSpikes} input spikes, {soc.Simulator.Cycles} cycles, blob {soc.Blob.Length} bytes");
    }

    private static bool InputEncoderSpikes(NetworkIr network, byte x, int t, int i) => InputEncoder.Spikes(network.Input, x, t, i);
}
