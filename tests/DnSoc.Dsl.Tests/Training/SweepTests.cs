using DnSoc.Dsl.Language;
using DnSoc.Dsl.Language.Ir;
using DnSoc.Dsl.Training.Evaluation;

namespace DnSoc.Dsl.Tests.Training;

public class SweepTests
{
    private static readonly NetworkIr Network = new(
        "n",
        new TargetIr(TargetKind.Dnsoc, 1024, 256, 8, 16, 100_000_000, 1, null),
        16,
        UpdateMode.PerEvent,
        new InputIr("x", new[] { 2 }.ToEquatableArray(), 2, EncodingKind.Rate, 1, 0),
        new[]
        {
            new LayerIr("h", 0, 2, 2, "x", 8, new NeuronIr("N", 128, LeakKind.Subtract, 3, ResetKind.Subtract, 16), new[] { 127, -128, 64, -1 }.ToEquatableArray()),
        }.ToEquatableArray(),
        new ReadoutIr(0, ReadoutMode.Potential),
        EquatableArray<BudgetLimitIr>.Empty);

    [Fact]
    public void Requantizing_scales_weights_thresholds_and_leaks_by_the_same_factor()
    {
        // 4 bits: factor 7 / 127, rounded half away from zero.
        var layer = Sweep.Requantize(Network, 4).Layers[0];
        Assert.Equal(4, layer.WeightBits);
        Assert.Equal(new[] { 7, -7, 4, 0 }, layer.Weights.ToArray());
        Assert.Equal(7, layer.Neuron.Threshold);
        Assert.Equal(0, layer.Neuron.LeakAmount);
        Assert.All(layer.Weights, w => Assert.InRange(w, -8, 7));
    }

    [Fact]
    public void Requantizing_to_the_same_or_more_bits_changes_nothing()
    {
        Assert.Equal(Network, Sweep.Requantize(Network, 8));
        Assert.Equal(32, Sweep.WithTimesteps(Network, 32).Timesteps);
    }
}
