using System.Linq;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Tests.Reference;

/// <summary>Short constructors for hand-made test networks.</summary>
internal static class Nets
{
    public static NeuronIr Neuron(
        int threshold,
        ResetKind reset = ResetKind.Zero,
        LeakKind leak = LeakKind.None,
        int leakAmount = 0,
        int bits = 12) => new("n", threshold, leak, leakAmount, reset, bits);

    /// <summary><paramref name="weights"/> row-major [inputSize][size].</summary>
    public static LayerIr Layer(int index, int inputSize, NeuronIr neuron, int[] weights, int weightBits = 4) =>
        new($"l{index}", index, weights.Length / inputSize, inputSize, index == 0 ? "in" : $"l{index - 1}", weightBits, neuron, new EquatableArray<int>(weights));

    /// <summary>Every input with intensity >= <paramref name="threshold"/> spikes at every timestep.</summary>
    public static InputIr Direct(int size, int threshold = 1) =>
        new("in", new EquatableArray<int>(new[] { size }), size, EncodingKind.Direct, 0, threshold);

    public static InputIr Rate(int size, uint seed) =>
        new("in", new EquatableArray<int>(new[] { size }), size, EncodingKind.Rate, seed, 0);

    public static NetworkIr Network(
        InputIr input,
        int timesteps,
        UpdateMode update,
        params LayerIr[] layers) => Network(input, timesteps, update, ReadoutMode.Count, layers);

    public static NetworkIr Network(
        InputIr input,
        int timesteps,
        UpdateMode update,
        ReadoutMode readout,
        params LayerIr[] layers) => new(
            "net",
            new TargetIr(TargetKind.Dnsoc, 256, 256, 4, 12, 100_000_000, 1, null),
            timesteps,
            update,
            input,
            layers.ToEquatableArray(),
            new ReadoutIr(layers.Length - 1, readout),
            EquatableArray<BudgetLimitIr>.Empty);

    public static byte[] Bytes(params int[] values) => values.Select(v => (byte)v).ToArray();
}
