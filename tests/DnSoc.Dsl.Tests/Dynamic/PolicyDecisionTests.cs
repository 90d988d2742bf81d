using DnSoc.Dsl.Backend.Emit;
using DnSoc.Dsl.Backend.Reference;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Language.Planning.Code;
using DnSoc.Dsl.Tests.Infrastructure;
using DnSoc.Dsl.Tests.Reference;
using DnSoc.Dsl.Training.Evaluation;

namespace DnSoc.Dsl.Tests.Dynamic;

/// <summary>
/// Hand-made networks where the right decision of each policy is known (docs/dynamic.md), checked on
/// the reference model and on both flavours of generated code.
/// </summary>
public sealed class PolicyDecisionTests
{
    // One always-spiking input into two neurons that never fire: v0 = 10 t, v1 = 0, so the margin after t timesteps is 10 t.
    private static NetworkIr Ramp(EarlyExitIr exit) =>
        Nets.Network(Nets.Direct(1), 16, UpdateMode.PerEvent, ReadoutMode.Membrane,
            Nets.Layer(0, 1, Nets.Neuron(1000), new[] { 10, 0 }, weightBits: 8)) with
        { Dynamic = new PoliciesIr(exit, EquatableArray<RowCutoffIr>.Empty) };

    [Theory]
    [InlineData(1, 35, 1, 4)] // the first timestep whose margin (40) reaches 35
    [InlineData(6, 35, 1, 6)] // not before min_timesteps
    [InlineData(1, 35, 4, 5)] // tested only at 1, 5, 9, ...: 5 is the first test past 35
    [InlineData(3, 0, 1, 3)] // margin 0: a fixed shorter run
    [InlineData(1, 1000, 1, 16)] // never reached: every timestep runs
    public void Early_exit_stops_at_the_first_tested_timestep_whose_margin_is_large_enough(int minTimesteps, int margin, int every, int expected)
    {
        var network = Ramp(new EarlyExitIr(minTimesteps, margin, every));
        var result = new ReferenceModel(network).Infer(Nets.Bytes(255));
        Assert.Equal(expected, result.Timesteps);
        Assert.Equal(10 * expected, result.FinalMembranes[0][0]);
        foreach (var flavour in new[] { CodeFlavour.Nano, CodeFlavour.Host })
        {
            var generated = Generate(network, flavour);
            Assert.Equal(0, generated.Infer(Nets.Bytes(255)));
            Assert.Equal(expected, generated.Timestep);
        }
    }

    [Fact]
    public void Early_exit_margin_of_a_potential_readout_counts_a_spike_as_one_threshold()
    {
        // Neuron 0 gains 10 per timestep and fires at 30 (reset by subtraction): its potential is 10 t, neuron 1's is 0.
        var network = Nets.Network(Nets.Direct(1), 16, UpdateMode.PerEvent, ReadoutMode.Potential,
            Nets.Layer(0, 1, Nets.Neuron(30, ResetKind.Subtract), new[] { 10, 0 }, weightBits: 8))
            with
        { Dynamic = new PoliciesIr(new EarlyExitIr(1, 70, 1), EquatableArray<RowCutoffIr>.Empty) };
        var result = new ReferenceModel(network).Infer(Nets.Bytes(255));
        Assert.Equal(7, result.Timesteps);
        Assert.Equal(2, result.OutputSpikeCounts[0]);
        Assert.Equal(10, result.FinalMembranes[0][0]);
    }

    // One always-spiking input into four neurons; |w| ranks the row as neuron 1 (-8), 3 (5), 2 (3), 0 (1).
    private static NetworkIr Cut(int threshold, int timesteps, int keepMin, int keepMax, int step, int window, int low, int high)
    {
        var layer = Nets.Layer(0, 1, Nets.Neuron(threshold), new[] { 1, -8, 3, 5 }, weightBits: 8);
        var cut = new RowCutoffIr(0, keepMin, keepMax, step, window, low, high, RowCutoffIr.RanksOf(layer));
        return Nets.Network(Nets.Direct(1), timesteps, UpdateMode.PerEvent, ReadoutMode.Count, layer)
            with
        { Dynamic = new PoliciesIr(null, new[] { cut }.ToEquatableArray()) };
    }

    [Fact]
    public void Row_cutoff_reaches_only_the_strongest_synapses_of_a_row()
    {
        var network = Cut(threshold: 100, timesteps: 1, keepMin: 2, keepMax: 2, step: 1, window: 1, low: 0, high: 100);
        Assert.Equal(new[] { 3, 0, 2, 1 }, network.Policies.RowCutoffs[0].Ranks.ToArray());
        var result = new ReferenceModel(network).Infer(Nets.Bytes(255));
        Assert.Equal(new[] { 0, -8, 0, 5 }, result.FinalMembranes[0].ToArray());
        Assert.Equal(2, result.SynapticOps);
        AssertGeneratedSame(network, result);
    }

    [Fact]
    public void Row_cutoff_prunes_more_when_the_layer_is_busy_and_less_when_it_is_quiet()
    {
        // Threshold 1, reset to zero: every reached neuron with a positive weight fires at every timestep.
        // Windows of 2 timesteps: 4 synapses -> 3 spikes per step (6 > 2: keep 4 -> 2); 2 synapses -> 1 spike per step
        // (2 < 3: keep 2 -> 4); then 4 again (keep -> 2 after the last window, unused).
        var network = Cut(threshold: 1, timesteps: 6, keepMin: 1, keepMax: 4, step: 2, window: 2, low: 3, high: 2);
        var reference = new ReferenceModel(network);
        var result = reference.Infer(Nets.Bytes(255));
        Assert.Equal(4 + 4 + 2 + 2 + 4 + 4, result.SynapticOps);
        Assert.Equal(new[] { 4, 0, 4, 6 }, result.OutputSpikeCounts.ToArray());
        Assert.Equal(-48, result.FinalMembranes[0][1]);
        Assert.Equal(2, reference.SynapsesKept(0));
        AssertGeneratedSame(network, result);
    }

    // One always-spiking input into two neurons, w = [100, 7]; in low precision (4 of 8 bits) they add 96 and 0.
    // Activity is the last timestep's spikes (ema_shift 0): a spike switches to low precision, a quiet step back.
    private static NetworkIr Precision(int timesteps, int margin)
    {
        var layer = Nets.Layer(0, 1, Nets.Neuron(150), new[] { 100, 7 }, weightBits: 8);
        var precision = new LayerPrecisionIr(0, 4, 4, 0, 1, 0, 1, margin, LayerPrecisionIr.LowWeightsOf(layer, 4));
        return Nets.Network(Nets.Direct(1), timesteps, UpdateMode.PerEvent, ReadoutMode.Membrane, layer)
            with
        { Dynamic = new PoliciesIr(null, EquatableArray<RowCutoffIr>.Empty, new[] { precision }.ToEquatableArray()) };
    }

    [Theory]
    [InlineData(4, 0, new[] { 0, 21 }, 2, 16 + 16 + 8 + 16)] // high, high (fires), low, high (fires)
    [InlineData(5, 0, new[] { 96, 21 }, 2, 16 + 16 + 8 + 16 + 8)]
    [InlineData(4, 1000, new[] { 0, 28 }, 2, 4 * 16)] // the margin guard never lets it go low
    public void Layer_precision_goes_low_when_busy_and_back_when_quiet(int timesteps, int margin, int[] membranes, int spikes, int bits)
    {
        var network = Precision(timesteps, margin);
        Assert.Equal(new[] { 6, 0 }, network.Policies.Precisions[0].LowWeights.ToArray());
        var result = new ReferenceModel(network).Infer(Nets.Bytes(255));
        Assert.Equal(membranes, result.FinalMembranes[0].ToArray());
        Assert.Equal(spikes, result.OutputSpikeCounts[0]);
        Assert.Equal(bits, result.WeightBitsFetched);
        AssertGeneratedSame(network, result);
        foreach (var flavour in new[] { CodeFlavour.Nano, CodeFlavour.Host })
        {
            var generated = Generate(network, flavour);
            generated.Infer(Nets.Bytes(255));
            Assert.Equal(bits, generated.WeightBitsFetched);
        }
    }

    /// <summary>The shipped dynamic example on the committed 500-image sample, as recorded (integer arithmetic: the same on every machine).</summary>
    [Fact]
    public void The_dynamic_example_classifies_the_committed_sample_as_recorded()
    {
        var network = ExampleNetworks.Network("mnist-784-128-10-dynamic.snn");
        var set = DnSoc.Dsl.Training.LabeledImages.From(Data.Fixture.Set);
        var report = Evaluator.Evaluate(network, set, referenceCheck: 100);
        var baseline = Evaluator.Evaluate(network with { Dynamic = null }, set, referenceCheck: 0);
        Assert.Equal(492, baseline.Correct);
        Assert.Equal(RecordedCorrect, report.Correct);
        Assert.Equal(RecordedTimesteps, report.MeanTimesteps * set.Count, precision: 6);
    }

    private const int RecordedCorrect = 492;
    private const int RecordedTimesteps = 3115; // 6.23 per image, against 16 without the exit

    private static void AssertGeneratedSame(NetworkIr network, InferenceResult expected)
    {
        foreach (var flavour in new[] { CodeFlavour.Nano, CodeFlavour.Host })
        {
            var generated = Generate(network, flavour);
            Assert.Equal(expected.PredictedClass, generated.Infer(Nets.Bytes(255)));
            Assert.Equal(expected.OutputSpikeCounts.ToArray(), generated.OutputSpikeCounts);
            Assert.Equal(expected.FinalMembranes[0].ToArray(), generated.Membranes(0));
            Assert.Equal(expected.SynapticOps, generated.SynapticOps);
        }
    }

    private static GeneratedNetwork Generate(NetworkIr network, CodeFlavour flavour)
    {
        const string Namespace = "DnSoc.Networks";
        var assembly = InMemoryCompiler.Load(InMemoryCompiler.Compilation($"Policy{flavour}",
            CSharpEmitter.EmitNetwork(network, new EmitOptions(Namespace, "policy.snn", flavour)), CSharpEmitter.EmitRuntime(Namespace)));
        return new GeneratedNetwork(assembly, $"{Namespace}.{network.Name}");
    }
}
