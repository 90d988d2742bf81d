using System;
using System.Collections.Generic;
using System.Linq;
using CsCheck;
using DnSoc.Dsl.Backend.Reference;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Tests.Reference;

/// <summary>
/// Random small networks with extreme widths, weights and thresholds: the reference model must
/// saturate, never wrap. Each property would fail if an add wrapped around.
/// </summary>
public class NoWrapPropertyTests
{
    private static readonly Gen<NeuronIr> GenNeuron =
        from bits in Gen.Int[2, 24]
        let max = (int)FixedPoint.MaxSigned(bits)
        from threshold in Gen.OneOf(Gen.Int[1, max], Gen.OneOfConst(1, max))
        from leak in Gen.Enum<LeakKind>()
        from amount in leak == LeakKind.Shift ? Gen.Int[0, 40] : Gen.OneOf(Gen.Int[0, max], Gen.OneOfConst(0, max, int.MaxValue))
        from reset in Gen.Enum<ResetKind>()
        select new NeuronIr("n", threshold, leak, amount, reset, bits);

    private static readonly Gen<byte> GenIntensity = Gen.OneOf(Gen.Byte, Gen.OneOfConst<byte>(0, 255));

    private static readonly Gen<(NetworkIr Net, byte[] Input)> GenCase =
        from inputSize in Gen.Int[1, 20]
        from layerCount in Gen.Int[1, 3]
        from layers in GenLayers(0, layerCount, inputSize)
        from input in GenInput(inputSize)
        from timesteps in Gen.Int[1, 6]
        from update in Gen.Enum<UpdateMode>()
        from readout in Gen.Enum<ReadoutMode>()
        from bytes in GenIntensity.Array[inputSize]
        select (Network(input, timesteps, update, readout, layers), bytes);

    [Fact]
    public void Membranes_stay_in_signed_range_after_every_step() =>
        GenCase.Sample(
            (net, input) =>
            {
                var model = new ReferenceModel(net);
                for (var t = 0; t < net.Timesteps; t++)
                {
                    model.Step(input);
                    for (var m = 0; m < net.Layers.Count; m++)
                    {
                        var bits = net.Layers[m].Neuron.MembraneBits;
                        Assert.All(model.Membranes(m), v => Assert.True(FixedPoint.FitsSigned(v, bits), $"layer {m}: {v} outside {bits} bits"));
                    }
                }
            },
            iter: 300);

    [Fact]
    public void Inference_counters_agree_with_the_event_list() =>
        GenCase.Sample((net, input) =>
        {
            var result = new ReferenceModel(net).Infer(input);
            for (var m = 0; m < net.Layers.Count; m++)
            {
                Assert.Equal(result.Events.Count(e => e.Layer == m), result.SpikeCounts[m].Sum());
                Assert.Equal(result.SpikeCounts[m].Sum(), result.SpikesPerTimestep[m].Sum());
            }

            Assert.Equal(result.SpikeCounts[net.Layers.Count - 1], result.OutputSpikeCounts);
            Assert.InRange(result.PredictedClass, 0, net.OutputLayer.Size - 1);
        });

    [Fact]
    public void Non_positive_weights_give_the_saturated_exact_sum()
    {
        // Layer 0 made non-positive and leak-free: it never fires, its adds only go down, so in both
        // update modes its membrane must be the exact (64-bit) running sum clamped at the minimum.
        // Wrapping would turn large negative sums positive.
        var gen = GenCase.Select(c => (MakeLayer0(c.Net, l => l with
        {
            Weights = l.Weights.Select(w => Math.Min(w, -w)).ToEquatableArray(),
            Neuron = l.Neuron with { Leak = LeakKind.None },
        }), c.Input));
        gen.Sample((net, input) =>
        {
            var layer = net.Layers[0];
            var model = new ReferenceModel(net);
            var sums = new long[layer.Size];
            for (var t = 0; t < net.Timesteps; t++)
            {
                AddInputSpikes(net, input, t, sums);
                model.Step(input);
                var expected = sums.Select(s => FixedPoint.Saturate(s, layer.Neuron.MembraneBits));
                Assert.Equal(expected, model.Membranes(0));
            }
        });
    }

    [Fact]
    public void Per_event_weight_at_maximum_fires_on_every_input_spike()
    {
        // Weight = largest of its width >= threshold, reset to zero: every input spike takes every
        // neuron from 0 to min(weight, membrane max) >= threshold, so it fires and returns to 0.
        // A wrapped weight (e.g. 32767 in 4 bits) would not fire.
        var gen =
            from inputSize in Gen.Int[1, 20]
            from size in Gen.Int[1, 20]
            from weightBits in Gen.Int[2, 16]
            from neuron in GenNeuron
            let reachable = (int)Math.Min(FixedPoint.MaxSigned(weightBits), FixedPoint.MaxSigned(neuron.MembraneBits))
            from threshold in Gen.Int[1, reachable]
            let layer = new LayerIr("l0", 0, size, inputSize, "in", weightBits, neuron with { Threshold = threshold, Reset = ResetKind.Zero }, Enumerable.Repeat((int)FixedPoint.MaxSigned(weightBits), inputSize * size).ToEquatableArray())
            from input in GenInput(inputSize)
            from timesteps in Gen.Int[1, 6]
            from bytes in GenIntensity.Array[inputSize]
            select (Network(input, timesteps, UpdateMode.PerEvent, ReadoutMode.Count, new[] { layer }), bytes);

        gen.Sample((net, input) =>
        {
            var model = new ReferenceModel(net);
            for (var t = 0; t < net.Timesteps; t++)
            {
                var inputSpikes = Enumerable.Range(0, input.Length).Count(i => InputEncoder.Spikes(net.Input, input[i], t, i));
                var fired = model.Step(input);
                Assert.All(Enumerable.Range(0, net.Layers[0].Size), j => Assert.Equal(inputSpikes, fired.Count(e => e.Neuron == j)));
                Assert.All(model.Membranes(0), v => Assert.Equal(0, v));
            }
        });
    }

    [Fact]
    public void Per_step_non_negative_weights_match_wide_arithmetic()
    {
        // Shadow model in 64-bit integers: s = v + sum; fires iff s >= threshold (threshold <= max,
        // so saturating first cannot change that); reset from the saturated value. A wrapped sum
        // would miss spikes and leave a wrong remainder.
        var gen = GenCase.Select(c => (MakeLayer0(c.Net with { Update = UpdateMode.PerStep }, l => l with
        {
            Weights = l.Weights.Select(Math.Abs).Select(w => (int)Math.Min(w, FixedPoint.MaxSigned(l.WeightBits))).ToEquatableArray(),
            Neuron = l.Neuron with { Leak = LeakKind.None },
        }), c.Input));
        gen.Sample((net, input) =>
        {
            var layer = net.Layers[0];
            var n = layer.Neuron;
            var model = new ReferenceModel(net);
            var shadow = new long[layer.Size];
            for (var t = 0; t < net.Timesteps; t++)
            {
                var sums = new long[layer.Size];
                AddInputSpikes(net, input, t, sums);
                var expectedSpikes = new List<int>();
                for (var j = 0; j < layer.Size; j++)
                {
                    var s = shadow[j] + sums[j];
                    var fires = s >= n.Threshold;
                    shadow[j] = !fires ? s : n.Reset == ResetKind.Zero ? 0 : Math.Min(s, FixedPoint.MaxSigned(n.MembraneBits)) - n.Threshold;
                    if (fires)
                    {
                        expectedSpikes.Add(j);
                    }
                }

                var fired = model.Step(input).Where(e => e.Layer == 0).Select(e => e.Neuron);
                Assert.Equal(expectedSpikes, fired);
                Assert.Equal(shadow, model.Membranes(0).Select(v => (long)v));
            }
        });
    }

    private static Gen<InputIr> GenInput(int size) =>
        from encoding in Gen.Enum<EncodingKind>()
        from seed in Gen.UInt
        from directThreshold in Gen.Int[0, 256]
        select new InputIr("in", new EquatableArray<int>(new[] { size }), size, encoding, seed, directThreshold);

    private static Gen<int> GenWeight(int bits)
    {
        var min = (int)FixedPoint.MinSigned(bits);
        var max = (int)FixedPoint.MaxSigned(bits);
        return Gen.OneOf(Gen.Int[min, max], Gen.OneOfConst(min, max, 0));
    }

    private static Gen<LayerIr> GenLayer(int index, int inputSize) =>
        from size in Gen.Int[1, 20]
        from weightBits in Gen.Int[1, 16]
        from neuron in GenNeuron
        from weights in GenWeight(weightBits).Array[inputSize * size]
        select new LayerIr($"l{index}", index, size, inputSize, "src", weightBits, neuron, new EquatableArray<int>(weights));

    private static Gen<LayerIr[]> GenLayers(int index, int count, int inputSize) =>
        index == count
            ? Gen.Const(Array.Empty<LayerIr>())
            : from layer in GenLayer(index, inputSize)
              from rest in GenLayers(index + 1, count, layer.Size)
              select rest.Prepend(layer).ToArray();

    private static NetworkIr Network(InputIr input, int timesteps, UpdateMode update, ReadoutMode readout, LayerIr[] layers) => new(
        "net",
        new TargetIr(TargetKind.Dnsoc, 256, 256, 16, 24, 100_000_000, 1, null),
        timesteps,
        update,
        input,
        layers.ToEquatableArray(),
        new ReadoutIr(layers.Length - 1, readout),
        EquatableArray<BudgetLimitIr>.Empty);

    private static NetworkIr MakeLayer0(NetworkIr net, Func<LayerIr, LayerIr> change) =>
        net with { Layers = net.Layers.Select(l => l.Index == 0 ? change(l) : l).ToEquatableArray() };

    private static void AddInputSpikes(NetworkIr net, byte[] input, int t, long[] sums)
    {
        var layer = net.Layers[0];
        for (var i = 0; i < input.Length; i++)
        {
            if (InputEncoder.Spikes(net.Input, input[i], t, i))
            {
                for (var j = 0; j < layer.Size; j++)
                {
                    sums[j] += layer.Weight(i, j);
                }
            }
        }
    }
}
