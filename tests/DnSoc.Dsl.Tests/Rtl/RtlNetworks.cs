using System;
using System.Linq;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Tests.Rtl;

public enum Layout
{
    /// <summary>One layer, one core.</summary>
    Single,

    /// <summary>Two or three layers on core 0 (closed loop).</summary>
    Shared,

    /// <summary>Two layers on two cores (the controller forwards).</summary>
    Multi,
}

/// <summary>Random networks for the RTL tests, drawn from a seed.</summary>
internal static class RtlNetworks
{
    public static readonly TargetIr TinyOdin = new(TargetKind.TinyOdin, 256, 256, 4, 12, 100_000_000, 1, null);

    /// <summary>A tinyODIN-profile network: 4-bit weights, 12-bit membranes, subtractive leak (0 to 15), reset to zero.</summary>
    public static NetworkIr TinyOdinNetwork(int seed, Layout layout, bool saturating)
    {
        var random = new Random(seed);
        return Draw(random, TinyOdin, layout, saturating, inputs: random.Next(1, 48), maxSize: 40, reset: () => ResetKind.Zero,
            leak: () => (LeakKind.Subtract, random.Next(3) == 0 ? 0 : random.Next(1, 16))); // one core build: every core subtracts (0 = no leak)
    }

    /// <summary>A DN-SoC network on small cores (64 rows, 32 neurons unless given) with the given widths and lanes; any leak, any reset off shared cores.</summary>
    public static NetworkIr DnsocNetwork(int seed, int weightBits, int membraneBits, int lanes, Layout layout, bool saturating, int rows = 64, int neurons = 32)
    {
        var random = new Random(seed);
        var target = new TargetIr(TargetKind.Dnsoc, rows, neurons, weightBits, membraneBits, 100_000_000, lanes, null);
        var shift = random.Next(3) == 0;
        var reset = layout != Layout.Shared && random.Next(2) == 0 ? ResetKind.Subtract : ResetKind.Zero;
        var shared = layout == Layout.Shared;
        return Draw(random, target, layout, saturating, inputs: random.Next(1, Math.Min(rows, neurons) / (shared ? 4 : 1)), maxSize: shared ? neurons / 4 : neurons,
            reset: () => reset, leak: () => shift ? (LeakKind.Shift, random.Next(0, 12)) : random.Next(3) == 0 ? (LeakKind.None, 0) : (LeakKind.Subtract, random.Next(0, 128)));
    }

    /// <summary>
    /// One shared tinyODIN core where the single input spike fires all <paramref name="fired"/> hidden neurons in
    /// one pass, each re-entering the scheduler FIFO (128 entries, the served spike holding one).
    /// </summary>
    public static NetworkIr FifoBoundary(int fired)
    {
        var hidden = new NeuronIr("H", 1, LeakKind.Subtract, 0, ResetKind.Zero, 12);
        var output = new NeuronIr("O", 2047, LeakKind.Subtract, 0, ResetKind.Zero, 12);
        var layers = new[]
        {
            new LayerIr("h", 0, fired, 1, "x", 4, hidden, Enumerable.Repeat(7, fired).ToEquatableArray(), Core: 0),
            new LayerIr("o", 1, 1, fired, "h", 4, output, Enumerable.Repeat(1, fired).ToEquatableArray(), Core: 0),
        };
        var input = new InputIr("x", new[] { 1 }.ToEquatableArray(), 1, EncodingKind.Direct, 0, 1);
        return new NetworkIr("fifo", TinyOdin, 1, UpdateMode.PerEvent, input, layers.ToEquatableArray(), new ReadoutIr(1, ReadoutMode.Count), EquatableArray<BudgetLimitIr>.Empty);
    }

    public static byte[] Input(NetworkIr network, int seed, bool saturating)
    {
        var random = new Random(seed ^ 0x5A5A);
        return Enumerable.Range(0, network.Input.RawSize).Select(_ => (byte)(saturating ? 255 : random.Next(0, 256))).ToArray();
    }

    private static NetworkIr Draw(Random random, TargetIr target, Layout layout, bool saturating, int inputs, int maxSize, Func<ResetKind> reset, Func<(LeakKind Kind, int Amount)> leak)
    {
        var count = layout == Layout.Single ? 1 : layout == Layout.Multi ? 2 : random.Next(2, 4);
        var maxWeight = (1 << (target.WeightBits - 1)) - 1;
        var maxMembrane = (1 << (target.MembraneBits - 1)) - 1;
        var layers = new LayerIr[count];
        var previous = inputs;
        for (var m = 0; m < count; m++)
        {
            var size = random.Next(1, maxSize + 1);
            var (kind, amount) = leak();
            var threshold = saturating ? random.Next(maxMembrane / 2, maxMembrane + 1) : random.Next(1, Math.Min(maxMembrane, 4 * maxWeight) + 1);
            var neuron = new NeuronIr($"N{m}", threshold, kind, amount, reset(), target.MembraneBits);
            var weights = Enumerable.Range(0, previous * size)
                .Select(_ => saturating ? (random.Next(3) == 0 ? -maxWeight - 1 : maxWeight) : random.Next(-maxWeight - 1, maxWeight + 1)).ToEquatableArray();
            layers[m] = new LayerIr($"l{m}", m, size, previous, m == 0 ? "x" : $"l{m - 1}", target.WeightBits, neuron, weights, Core: layout == Layout.Shared ? 0 : m);
            previous = size;
        }

        var encoding = saturating || random.Next(2) == 0 ? EncodingKind.Direct : EncodingKind.Rate;
        var input = new InputIr("x", new[] { inputs }.ToEquatableArray(), inputs, encoding, (uint)random.Next(), random.Next(1, 256));
        return new NetworkIr("random", target, saturating ? 12 : random.Next(1, 7), UpdateMode.PerEvent, input, layers.ToEquatableArray(),
            new ReadoutIr(count - 1, ReadoutMode.Count), EquatableArray<BudgetLimitIr>.Empty);
    }
}
