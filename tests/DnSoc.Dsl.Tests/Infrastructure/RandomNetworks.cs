using System;
using System.Linq;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Tests.Infrastructure;

/// <summary>Random networks built as IR directly, for the tests that must reach every emitter branch.</summary>
public static class RandomNetworks
{
    /// <summary>A network the checker accepts, drawn over every knob: sizes, widths, leaks, resets, encodings, update modes, unrolling, pruning.</summary>
    /// <param name="maxInputs">The largest input.</param>
    /// <param name="maxSize">The largest layer.</param>
    /// <param name="membraneBits">The membrane widths to draw from, instead of 2 to 24 bits.</param>
    public static NetworkIr Draw(Random random, string name, int maxInputs = 39, int maxSize = 19, int[]? membraneBits = null)
    {
        var inputSize = random.Next(1, maxInputs + 1);
        var encoding = random.Next(2) == 0 ? EncodingKind.Rate : EncodingKind.Direct;
        var input = new InputIr("x", new[] { inputSize }.ToEquatableArray(), inputSize, encoding, (uint)random.Next(int.MinValue, int.MaxValue), random.Next(1, 256));
        var layers = new LayerIr[random.Next(1, 4)];
        var previous = inputSize;
        for (var m = 0; m < layers.Length; m++)
        {
            var size = random.Next(1, maxSize + 1);
            var bits = membraneBits is null ? random.Next(2, 25) : membraneBits[random.Next(membraneBits.Length)];
            var weightBits = random.Next(1, 17);
            var vmax = (int)FixedPoint.MaxSigned(bits);
            var extreme = random.Next(4) == 0;
            var threshold = extreme ? random.Next(2) == 0 ? 1 : vmax : random.Next(1, Math.Min(vmax, 1 << Math.Min(weightBits + 2, 24)) + 1);
            var leak = (LeakKind)random.Next(3);
            var leakAmount = leak switch
            {
                LeakKind.Subtract => random.Next(0, Math.Min(vmax, 64) + 1),
                LeakKind.Shift => random.Next(1, bits),
                _ => 0,
            };
            var neuron = new NeuronIr($"N{m}", threshold, leak, leakAmount, random.Next(2) == 0 ? ResetKind.Zero : ResetKind.Subtract, bits);
            var wmin = (int)FixedPoint.MinSigned(weightBits);
            var wmax = (int)FixedPoint.MaxSigned(weightBits);
            // A third of the layers are pruned to a random density, so that sparse rows are drawn too.
            var density = random.Next(3) == 0 ? random.NextDouble() * 0.8 : 1.0;
            var weights = Enumerable.Range(0, previous * size)
                .Select(_ => extreme && random.Next(2) == 0 ? (random.Next(2) == 0 ? wmin : wmax) : random.Next(wmin, wmax + 1))
                .Select(w => random.NextDouble() < density ? w : 0)
                .ToEquatableArray();
            var unroll = random.Next(4) switch
            {
                0 => LayerIr.UnrollAuto,
                1 => 1,
                2 => size,
                _ => random.Next(1, size + 1),
            };
            layers[m] = new LayerIr($"l{m}", m, size, previous, m == 0 ? "x" : $"l{m - 1}", weightBits, neuron, weights, unroll);
            previous = size;
        }

        return new NetworkIr(
            name,
            new TargetIr(TargetKind.Dnsoc, 1024, 256, 16, 24, 100_000_000, 1, null),
            random.Next(1, 9),
            random.Next(2) == 0 ? UpdateMode.PerEvent : UpdateMode.PerStep,
            random.Next(4) == 0 ? Downsampled(random, input) : input,
            layers.ToEquatableArray(),
            new ReadoutIr(layers.Length - 1, (ReadoutMode)random.Next(3)),
            EquatableArray<BudgetLimitIr>.Empty);
    }

    /// <summary>A random network with a random early exit, row cutoffs and layer precisions on some of its layers (docs/dynamic.md).</summary>
    public static NetworkIr DrawWithPolicies(Random random, string name)
    {
        var network = Draw(random, name);
        var t = network.Timesteps;
        var exit = random.Next(3) == 0 ? null : new EarlyExitIr(random.Next(1, t + 1), random.Next(0, 3) == 0 ? 0 : random.Next(1, 200), random.Next(1, t + 1));
        var cutoffs = network.Layers.Where(_ => random.Next(3) != 0).Select(layer =>
        {
            var keepMin = random.Next(1, layer.Size + 1);
            var low = random.Next(0, layer.Size * 2);
            return new RowCutoffIr(layer.Index, keepMin, random.Next(keepMin, layer.Size + 1), random.Next(1, layer.Size + 1), random.Next(1, t + 1),
                low, low + random.Next(0, layer.Size), RowCutoffIr.RanksOf(layer));
        }).ToEquatableArray();
        var precisions = network.Layers.Where(l => l.WeightBits >= 2 && random.Next(2) == 0).Select(layer =>
        {
            var lowBits = random.Next(1, layer.WeightBits);
            var busy = random.Next(0, 4 * layer.Size);
            return new LayerPrecisionIr(layer.Index, lowBits, layer.WeightBits - lowBits, random.Next(0, 4), busy, random.Next(0, busy + 1), random.Next(1, t + 1),
                random.Next(3) == 0 ? random.Next(1, 100) : 0, LayerPrecisionIr.LowWeightsOf(layer, lowBits));
        }).ToEquatableArray();
        return network with { Dynamic = new PoliciesIr(exit, cutoffs, precisions) };
    }

    // A 2-D input up to twice as large per dimension, averaged down to the drawn input size (uneven blocks included).
    private static InputIr Downsampled(Random random, InputIr input)
    {
        var divisors = Enumerable.Range(1, input.Size).Where(d => input.Size % d == 0).ToArray();
        var rows = divisors[random.Next(divisors.Length)];
        var columns = input.Size / rows;
        return input with
        {
            Shape = new[] { rows + random.Next(0, rows + 1), columns + random.Next(0, columns + 1) }.ToEquatableArray(),
            Downsampled = new[] { rows, columns }.ToEquatableArray(),
        };
    }
}
