using System;
using System.Linq;
using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Training.Evaluation;

/// <summary>
/// Variants of a trained network for precision and timestep sweeps (docs/training.md#sweeps):
/// post-training requantization to fewer weight bits, and other timestep counts.
/// </summary>
public static class Sweep
{
    public static readonly int[] WeightBits = { 8, 6, 4 };

    public static readonly int[] Timesteps = { 4, 8, 16, 32 };

    /// <summary>
    /// Scales every layer wider than <paramref name="bits"/> down to it: weights by f = wmax' / wmax
    /// (rounded half away from zero), and thresholds and subtractive leaks by the same f, so that
    /// firing rates stay as they were. Layers already that narrow are unchanged.
    /// </summary>
    public static NetworkIr Requantize(NetworkIr network, int bits) => network with
    {
        Layers = network.Layers.Select(layer =>
        {
            if (layer.WeightBits <= bits)
            {
                return layer;
            }

            var factor = (double)FixedPoint.MaxSigned(bits) / FixedPoint.MaxSigned(layer.WeightBits);
            int Scale(int value) => (int)Math.Round(value * factor, MidpointRounding.AwayFromZero);
            var neuron = layer.Neuron with
            {
                Threshold = Math.Max(1, Scale(layer.Neuron.Threshold)),
                LeakAmount = layer.Neuron.Leak == LeakKind.Subtract ? Scale(layer.Neuron.LeakAmount) : layer.Neuron.LeakAmount,
            };
            return layer with { WeightBits = bits, Neuron = neuron, Weights = layer.Weights.Select(Scale).ToEquatableArray() };
        }).ToEquatableArray(),
    };

    public static NetworkIr WithTimesteps(NetworkIr network, int timesteps) => network with { Timesteps = timesteps };
}
