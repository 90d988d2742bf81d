using System;
using System.Linq;
using DnSoc.Dsl.Backend.Reference;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Tests.Data;
using Xunit.Abstractions;

namespace DnSoc.Dsl.Tests.Soc;

/// <summary>Layers sharing one core in closed loop (docs/blob-format.md#shared-core) compute what the reference model does.</summary>
public sealed class SharedCoreTests
{
    private readonly ITestOutputHelper output;

    public SharedCoreTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void Random_networks_on_one_tinyodin_core_match_the_reference_model()
    {
        var random = new Random(23);
        for (var k = 0; k < 150; k++)
        {
            var network = Draw(random);
            var soc = SocHarness.For(network);
            Assert.Single(soc.Simulator.Cores);
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
    public void The_tinyodin_mnist_example_runs_on_one_core_with_the_documented_cycles()
    {
        var network = SocHarness.Example("tinyodin-mnist.snn");
        var soc = SocHarness.For(network);
        var core = Assert.Single(soc.Simulator.Cores);
        Assert.Equal(255, core.Register(3)); // MAX_NEUR: all 256 neurons
        Assert.Equal(0, core.Register(1)); // closed loop
        var reference = new ReferenceModel(network);
        var blocks = network.Input.BlockOf();
        var set = Fixture.Set;
        var correct = 0;
        for (var i = 0; i < Fixture.Count; i++)
        {
            var image = set.Image(i);
            var before = soc.Simulator.Cycles;
            var expected = reference.Infer(image);
            var actual = soc.Controller.Infer(image);
            Assert.Equal(expected.PredictedClass, actual.PredictedClass);
            Assert.Equal(expected.OutputSpikeCounts, actual.OutputSpikeCounts.ToEquatableArray());
            Assert.Equal(expected.FinalMembranes[1], actual.FinalMembranes.ToEquatableArray());

            // docs/blob-format.md#shared-core: every input spike and every spike of both layers is a 514-cycle
            // event on the full core and each spike one emit cycle, plus one 513-cycle time reference per timestep.
            var pooled = Downsampling.Apply(blocks, network.Input.Size, image);
            var inputSpikes = Enumerable.Range(0, network.Timesteps).Sum(t => Enumerable.Range(0, pooled.Length).Count(k => InputEncoder.Spikes(network.Input, pooled[k], t, k)));
            var spikes = expected.SpikeCounts.Sum(layer => layer.Sum());
            Assert.Equal((514L * (inputSpikes + spikes)) + spikes + (513L * network.Timesteps), soc.Simulator.Cycles - before);
            correct += actual.PredictedClass == set.Label(i) ? 1 : 0;
        }

        output.WriteLine($"{Fixture.Count} digits: {correct} correct, {soc.Simulator.Cycles / Fixture.Count} cycles per digit, FIFO high water {core.FifoHighWater} of {core.Parameters.FifoDepth}, blob {soc.Blob.Length} bytes");
    }

    // tinyODIN-profile chains of 2 or 3 layers, all on core 0: 4-bit weights, 12-bit membranes, reset to zero.
    private static NetworkIr Draw(Random random)
    {
        var inputs = random.Next(1, 60);
        var layers = new LayerIr[random.Next(2, 4)];
        var previous = inputs;
        for (var m = 0; m < layers.Length; m++)
        {
            var size = random.Next(1, 30);
            var leak = random.Next(2) == 0 ? LeakKind.None : LeakKind.Subtract;
            var neuron = new NeuronIr($"N{m}", random.Next(1, 40), leak, leak == LeakKind.None ? 0 : random.Next(0, 12), ResetKind.Zero, 12);
            var weights = Enumerable.Range(0, previous * size).Select(_ => random.Next(-8, 8)).ToEquatableArray();
            layers[m] = new LayerIr($"l{m}", m, size, previous, m == 0 ? "x" : $"l{m - 1}", 4, neuron, weights, Core: 0);
            previous = size;
        }

        var input = new InputIr("x", new[] { inputs }.ToEquatableArray(), inputs, random.Next(2) == 0 ? EncodingKind.Rate : EncodingKind.Direct, (uint)random.Next(), random.Next(1, 256));
        return new NetworkIr("shared", new TargetIr(TargetKind.TinyOdin, 256, 256, 4, 12, 100_000_000, 1, null), random.Next(1, 9), UpdateMode.PerEvent,
            input, layers.ToEquatableArray(), new ReadoutIr(layers.Length - 1, (ReadoutMode)random.Next(3)), EquatableArray<BudgetLimitIr>.Empty);
    }
}
