using System.Linq;

namespace DnSoc.Dsl.Language.Ir;

// Run-time policies of `quantize dynamic` / `prune dynamic` blocks, in integers, every threshold
// precomputed (docs/dynamic.md). Their state is reset with the network at the start of each
// inference, so an inference's result never depends on the inferences before it.

/// <summary>
/// Confidence-gated timesteps: after timestep t (counted from 1) with t &gt;= <see cref="MinTimesteps"/>
/// and (t - MinTimesteps) divisible by <see cref="CheckEvery"/>, stop when the readout's best value
/// leads the second best by at least <see cref="Margin"/> (in the readout's own units).
/// </summary>
public sealed record EarlyExitIr(int MinTimesteps, int Margin, int CheckEvery)
{
    /// <summary>Whether the inference stops after <paramref name="completed"/> timesteps, given the readout's margin then.</summary>
    public bool Stops(int completed, long margin) =>
        completed >= MinTimesteps && (completed - MinTimesteps) % CheckEvery == 0 && margin >= Margin;
}

/// <summary>
/// Sorted-row cutoff on the synapses into one layer: an event from row i reaches only the
/// <c>keep</c> neurons with the largest |w_ij| (<see cref="Ranks"/> below <c>keep</c>), visited in
/// ascending index. <c>keep</c> starts at <see cref="KeepMax"/>; at the end of every
/// <see cref="Window"/>-th timestep it drops by <see cref="Step"/> (not below <see cref="KeepMin"/>)
/// when the layer emitted more than <see cref="HighSpikes"/> spikes in the window, and rises by
/// <see cref="Step"/> (not above KeepMax) when it emitted fewer than <see cref="LowSpikes"/>.
/// </summary>
/// <param name="Ranks">Row-major [InputSize][Size]: the position of w_ij in row i sorted by |w| descending, ties to the lower j.</param>
public sealed record RowCutoffIr(
    int LayerIndex,
    int KeepMin,
    int KeepMax,
    int Step,
    int Window,
    int LowSpikes,
    int HighSpikes,
    EquatableArray<int> Ranks) : ILayerPolicy
{
    /// <summary>The next window's <c>keep</c> after a window in which the layer emitted <paramref name="spikes"/> spikes.</summary>
    public int Adapt(int keep, int spikes) =>
        spikes > HighSpikes ? System.Math.Max(KeepMin, keep - Step)
        : spikes < LowSpikes ? System.Math.Min(KeepMax, keep + Step)
        : keep;

    /// <summary>For every row, each synapse's position when the row is sorted by |w| descending, ties to the lower index.</summary>
    public static EquatableArray<int> RanksOf(LayerIr layer)
    {
        var ranks = new int[layer.Weights.Count];
        for (var pre = 0; pre < layer.InputSize; pre++)
        {
            var order = Enumerable.Range(0, layer.Size).OrderByDescending(j => System.Math.Abs(layer.Weight(pre, j))).ThenBy(j => j);
            var rank = 0;
            foreach (var j in order)
            {
                ranks[(pre * layer.Size) + j] = rank++;
            }
        }

        return ranks.ToEquatableArray();
    }
}

/// <summary>
/// Activity-gated precision of one layer's weights. The layer starts in high precision (its own
/// weights). After every timestep its activity A = A - (A &gt;&gt; <see cref="EmaShift"/>) + spikes;
/// at the end of every <see cref="Hold"/>-th timestep it switches to low precision when
/// A &gt;= <see cref="BusyLevel"/> and the readout margin is at least <see cref="Margin"/>, and back
/// when A &lt;= <see cref="QuietLevel"/> or the margin is below <see cref="Margin"/>. In low
/// precision a synapse adds <see cref="LowWeights"/>[i] &lt;&lt; <see cref="Shift"/>: the weight
/// rounded to its top <see cref="LowBits"/> bits.
/// </summary>
public sealed record LayerPrecisionIr(
    int LayerIndex,
    int LowBits,
    int Shift,
    int EmaShift,
    int BusyLevel,
    int QuietLevel,
    int Hold,
    int Margin,
    EquatableArray<int> LowWeights) : ILayerPolicy
{
    /// <summary>w / 2^shift rounded half away from zero, kept within <paramref name="lowBits"/> signed bits.</summary>
    public static EquatableArray<int> LowWeightsOf(LayerIr layer, int lowBits)
    {
        var shift = layer.WeightBits - lowBits;
        var max = (int)FixedPoint.MaxSigned(lowBits);
        var min = (int)FixedPoint.MinSigned(lowBits);
        return layer.Weights
            .Select(w => System.Math.Min(max, System.Math.Max(min, (int)System.Math.Round(w / (double)(1 << shift), System.MidpointRounding.AwayFromZero))))
            .ToEquatableArray();
    }

    /// <summary>Whether the layer runs in low precision after this window, given its activity and the readout margin now.</summary>
    public bool Low(bool low, int activity, long margin) =>
        low ? !(activity <= QuietLevel || margin < Margin) : activity >= BusyLevel && margin >= Margin;
}

/// <summary>A policy that applies to one layer.</summary>
public interface ILayerPolicy
{
    int LayerIndex { get; }
}

/// <summary>The policies of one network; <see cref="None"/> when it declares none.</summary>
public sealed record PoliciesIr(EarlyExitIr? EarlyExit, EquatableArray<RowCutoffIr> RowCutoffs, EquatableArray<LayerPrecisionIr> Precisions = default)
{
    public static readonly PoliciesIr None = new(null, EquatableArray<RowCutoffIr>.Empty);

    public bool IsEmpty => EarlyExit is null && RowCutoffs.IsEmpty && Precisions.IsEmpty;

    /// <summary>Policies that change how a layer's synapses are visited: the generated code runs that layer with a plain loop.</summary>
    public bool ShapesSynapses(int layerIndex) => RowCutoff(layerIndex) is not null || Precision(layerIndex) is not null;

    public LayerPrecisionIr? Precision(int layerIndex) => OnLayer(Precisions, layerIndex);

    public RowCutoffIr? RowCutoff(int layerIndex) => OnLayer(RowCutoffs, layerIndex);

    private static T? OnLayer<T>(EquatableArray<T> policies, int layerIndex)
        where T : class, ILayerPolicy
    {
        foreach (var policy in policies)
        {
            if (policy.LayerIndex == layerIndex)
            {
                return policy;
            }
        }

        return null;
    }
}
