using System;
using System.Linq;
using DnSoc.Dsl.Backend.Reference;
using DnSoc.Dsl.Language.Ir;
using static DnSoc.Dsl.Tests.Reference.Nets;

namespace DnSoc.Dsl.Tests.Reference;

/// <summary>Small networks whose every number is worked out by hand in the comments.</summary>
public class ReferenceModelTests
{
    [Fact]
    public void Per_event_neuron_fires_once_per_crossing_update_within_a_timestep()
    {
        // Two inputs always spike; each brings 5 to a neuron with threshold 5: 5 -> fire -> 0, 5 -> fire -> 0.
        // The output neuron (weight 3, threshold 5) gets both hidden spikes: 3, then 6 -> fire -> 0.
        var net = Network(
            Direct(2),
            1,
            UpdateMode.PerEvent,
            Layer(0, 2, Neuron(5), new[] { 5, 5 }),
            Layer(1, 1, Neuron(5), new[] { 3 }));
        var result = new ReferenceModel(net).Infer(Bytes(1, 1));

        Assert.Equal(new[] { new SpikeEvent(0, 0, 0), new SpikeEvent(0, 0, 0), new SpikeEvent(0, 1, 0) }, result.Events);
        Assert.Equal(2, result.SpikeCounts[0][0]);
        Assert.Equal(0, result.FinalMembranes[1][0]);
        Assert.Equal(2 + 2, result.SynapticOps); // 2 input spikes x 1 neuron, 2 hidden spikes x 1 neuron
    }

    [Fact]
    public void Per_event_spike_from_leak_phase_reaches_next_layer_in_same_timestep()
    {
        // Hidden: weight 5, threshold 2, reset by subtraction. The input spike: 5 -> fire -> 3.
        // Output (weight 1, threshold 2) gets that spike in the first drain: 1.
        // Leak phase (no leak): hidden 3 >= 2 -> fire -> 1; output 1 < 2.
        // Second drain: the leak-phase spike reaches the output: 2 -> fire -> 0, still in timestep 0.
        var net = Network(
            Direct(1),
            1,
            UpdateMode.PerEvent,
            Layer(0, 1, Neuron(2, ResetKind.Subtract), new[] { 5 }),
            Layer(1, 1, Neuron(2), new[] { 1 }));
        var result = new ReferenceModel(net).Infer(Bytes(1));

        Assert.Equal(new[] { new SpikeEvent(0, 0, 0), new SpikeEvent(0, 0, 0), new SpikeEvent(0, 1, 0) }, result.Events);
        Assert.Equal(1, result.FinalMembranes[0][0]);
        Assert.Equal(0, result.FinalMembranes[1][0]);
    }

    [Fact]
    public void Per_event_queue_is_fifo_across_layers()
    {
        // Input 0 and 1 spike; hidden neurons 0 and 1 each fire on their own input (weights on the diagonal).
        // FIFO: both input events are handled before hidden 0's spike reaches the output, so the
        // order is h0, h1, then the outputs: o1 (weight 4 from h0), o0 (weight 4 from h1).
        var net = Network(
            Direct(2),
            1,
            UpdateMode.PerEvent,
            Layer(0, 2, Neuron(4), new[] { 4, 0, 0, 4 }),
            Layer(1, 2, Neuron(4), new[] { 0, 4, 4, 0 }));
        var result = new ReferenceModel(net).Infer(Bytes(1, 1));

        Assert.Equal(
            new[] { new SpikeEvent(0, 0, 0), new SpikeEvent(0, 0, 1), new SpikeEvent(0, 1, 1), new SpikeEvent(0, 1, 0) },
            result.Events);
    }

    [Fact]
    public void Per_step_fires_at_most_once_per_timestep()
    {
        // Same input as the per-event test but reset by subtraction: t0: 0 + 10 = 10 -> fire -> 5;
        // t1: 5 + 10 = 15 -> fire -> 10; t2: 10 + 10 = 20 -> fire -> 15. One spike per step.
        var net = Network(Direct(2), 3, UpdateMode.PerStep, Layer(0, 2, Neuron(5, ResetKind.Subtract), new[] { 5, 5 }));
        var model = new ReferenceModel(net);

        var expected = new[] { 5, 10, 15 };
        for (var t = 0; t < 3; t++)
        {
            Assert.Equal(new[] { new SpikeEvent(t, 0, 0) }, model.Step(Bytes(1, 1)));
            Assert.Equal(expected[t], model.Membranes(0)[0]);
        }

        Assert.Equal(6, model.SynapticOps);
    }

    [Fact]
    public void Per_step_saturates_the_exact_sum_while_per_event_saturates_each_add()
    {
        // 4-bit membrane (-8..7), threshold 8 never reached. Weights 7, 7, -8 from three spiking inputs.
        // Per step: 7 + 7 - 8 = 6. Per event: sat(7) = 7, sat(14) = 7, 7 - 8 = -1.
        LayerIr Layer0() => Layer(0, 3, Neuron(8, bits: 4), new[] { 7, 7, -8 });

        var perStep = new ReferenceModel(Network(Direct(3), 1, UpdateMode.PerStep, Layer0())).Infer(Bytes(1, 1, 1));
        var perEvent = new ReferenceModel(Network(Direct(3), 1, UpdateMode.PerEvent, Layer0())).Infer(Bytes(1, 1, 1));

        Assert.Equal(6, perStep.FinalMembranes[0][0]);
        Assert.Equal(-1, perEvent.FinalMembranes[0][0]);
    }

    [Fact]
    public void Per_event_leak_is_applied_once_per_timestep_after_the_queue_drains()
    {
        // Weight 6 every step, threshold 10, leak 2: t0: 6 -> 4; t1: 10 -> fire -> 0, leak 0;
        // t2: 6 -> 4; t3: 10 -> fire -> 0.
        var net = Network(Direct(1), 4, UpdateMode.PerEvent, Layer(0, 1, Neuron(10, leak: LeakKind.Subtract, leakAmount: 2), new[] { 6 }));
        var result = new ReferenceModel(net).Infer(Bytes(1));

        Assert.Equal(new[] { new SpikeEvent(1, 0, 0), new SpikeEvent(3, 0, 0) }, result.Events);
        Assert.Equal(new[] { 0, 1, 0, 1 }, result.SpikesPerTimestep[0]);
    }

    [Theory]
    [InlineData(new[] { 4, 5 }, 1)] // counts [1, 1], membranes [0, 5]: the higher membrane wins
    [InlineData(new[] { 5, 5 }, 0)] // counts [1, 1], membranes [5, 5]: the lower index wins
    [InlineData(new[] { 3, 4 }, 1)] // counts [0, 1]: the count wins over membranes [9, 2]
    public void Count_readout_breaks_ties_by_membrane_then_index(int[] weights, int expected)
    {
        // One always-spiking input, 3 timesteps, threshold 10, reset to zero, no leak.
        var net = Network(Direct(1), 3, UpdateMode.PerEvent, ReadoutMode.Count, Layer(0, 1, Neuron(10), weights));
        Assert.Equal(expected, new ReferenceModel(net).Infer(Bytes(1)).PredictedClass);
    }

    [Theory]
    [InlineData(new[] { 3, 3, 1 }, 0)] // membranes [9, 9, 3]
    [InlineData(new[] { 1, 3, 3 }, 1)] // membranes [3, 9, 9]
    [InlineData(new[] { -1, -2, -1 }, 0)] // membranes [-3, -6, -3]
    [InlineData(new[] { 4, 3, 1 }, 1)] // membranes [0 after a spike, 9, 3]: spikes do not count
    public void Membrane_readout_takes_highest_final_membrane_lowest_index_on_ties(int[] weights, int expected)
    {
        var net = Network(Direct(1), 3, UpdateMode.PerEvent, ReadoutMode.Membrane, Layer(0, 1, Neuron(10), weights));
        Assert.Equal(expected, new ReferenceModel(net).Infer(Bytes(1)).PredictedClass);
    }

    [Fact]
    public void Infer_starts_from_reset_and_is_repeatable()
    {
        var net = Network(Rate(3, 99), 8, UpdateMode.PerEvent, Layer(0, 3, Neuron(4, leak: LeakKind.Subtract, leakAmount: 1), new[] { 3, -2, 1, 2, 3, -1 }));
        var model = new ReferenceModel(net);
        var first = model.Infer(Bytes(200, 100, 250));
        model.Step(Bytes(255, 255, 255));
        var second = model.Infer(Bytes(200, 100, 250));

        Assert.Equal(first, second);
        Assert.Equal(first.SpikeCounts[0].Sum(), first.Events.Count);
        Assert.Equal(first.OutputSpikeCounts, first.SpikeCounts[0]);
        Assert.Equal(8, model.Timestep);
    }

    [Fact]
    public void Wrong_input_length_is_an_argument_error()
    {
        var model = new ReferenceModel(Network(Direct(2), 1, UpdateMode.PerEvent, Layer(0, 2, Neuron(1), new[] { 1, 1 })));
        Assert.Throws<ArgumentException>(() => model.Step(Bytes(1)));
        Assert.Throws<ArgumentException>(() => model.Infer(Bytes(1, 2, 3)));
        Assert.Throws<ArgumentNullException>(() => model.Infer(null!));
    }

    [Fact]
    public void Malformed_ir_is_rejected()
    {
        // Layer 1 claims 3 inputs but layer 0 has 1 neuron.
        var net = Network(Direct(1), 1, UpdateMode.PerEvent, Layer(0, 1, Neuron(1), new[] { 1 }), Layer(1, 3, Neuron(1), new[] { 1, 1, 1 }));
        Assert.Throws<ArgumentException>(() => new ReferenceModel(net));
    }

    [Theory]
    [InlineData(LeakKind.None, 5, 7, 7)]
    [InlineData(LeakKind.Subtract, 5, 7, 2)]
    [InlineData(LeakKind.Subtract, 5, 3, 0)]
    [InlineData(LeakKind.Subtract, 5, -3, 0)]
    [InlineData(LeakKind.Subtract, 5, -7, -2)]
    [InlineData(LeakKind.Subtract, int.MaxValue, 2047, 0)]
    [InlineData(LeakKind.Subtract, int.MaxValue, -2048, 0)]
    [InlineData(LeakKind.Shift, 1, 7, 4)] // 7 - 3
    [InlineData(LeakKind.Shift, 1, -3, -1)] // -3 - (-2)
    [InlineData(LeakKind.Shift, 1, -1, 0)] // -1 - (-1)
    [InlineData(LeakKind.Shift, 0, 100, 0)]
    [InlineData(LeakKind.Shift, 40, 100, 100)] // shift >= width: 100 >> 40 = 0
    [InlineData(LeakKind.Shift, 40, -100, -99)] // -100 >> 40 = -1
    public void Leak_moves_toward_zero_without_crossing(LeakKind leak, int amount, int v, int expected) =>
        Assert.Equal(expected, NeuronRule.Leak(v, Neuron(1, leak: leak, leakAmount: amount)));
}
