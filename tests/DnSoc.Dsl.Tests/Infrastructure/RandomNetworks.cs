using System;
using System.Linq;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Tests.Infrastructure;

/// <summary>Random networks built as IR directly, for the tests that must reach every emitter branch.</summary>
public static class RandomNetworks
{
    /// <summary>A network the checker accepts, drawn over every knob: sizes, widths, leaks, resets, encodings, update modes, unrolling, pruning.</summary>
    public static NetworkIr Draw(Random random, string name)
    {
        var inputSize = random.Next(1, 40);
        var encoding = random.Next(2) == 0 ? EncodingKind.Rate : EncodingKind.Direct;
        var input = new InputIr("x", new[] { inputSize }.ToEquatableArray(), inputSize, encoding, (uint)random.Next(int.MinValue, int.MaxValue), random.Next(1, 256));
        var layers = new LayerIr[random.Next(1, 4)];
        var previous = inputSize;
        for (var m = 0; m < layers.Length; m++)
        {
            var size = random.Next(1, 20);
            var membraneBits = random.Next(2, 25);
            var weightBits = random.Next(1, 17);
            var vmax = (int)FixedPoint.MaxSigned(membraneBits);
            var extreme = random.Next(4) == 0;
            var threshold = extreme ? random.Next(2) == 0 ? 1 : vmax : random.Next(1, Math.Min(vmax, 1 << Math.Min(weightBits + 2, 24)) + 1);
            var leak = (LeakKind)random.Next(3);
            var leakAmount = leak switch
            {
                LeakKind.Subtract => random.Next(0, Math.Min(vmax, 64) + 1),
                LeakKind.Shift => random.Next(1, membraneBits),
                _ => 0,
            };
            var neuron = new NeuronIr($"N{m}", threshold, leak, leakAmount, random.Next(2) == 0 ? ResetKind.Zero : ResetKind.Subtract, membraneBits);
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
            input,
            layers.ToEquatableArray(),
            new ReadoutIr(layers.Length - 1, (ReadoutMode)random.Next(3)),
            EquatableArray<BudgetLimitIr>.Empty);
    }
}
