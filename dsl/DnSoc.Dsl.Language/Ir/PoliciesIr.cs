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
    EquatableArray<int> Ranks)
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

/// <summary>The policies of one network; <see cref="None"/> when it declares none.</summary>
public sealed record PoliciesIr(EarlyExitIr? EarlyExit, EquatableArray<RowCutoffIr> RowCutoffs)
{
    public static readonly PoliciesIr None = new(null, EquatableArray<RowCutoffIr>.Empty);

    public bool IsEmpty => EarlyExit is null && RowCutoffs.IsEmpty;

    public RowCutoffIr? RowCutoff(int layerIndex)
    {
        foreach (var cutoff in RowCutoffs)
        {
            if (cutoff.LayerIndex == layerIndex)
            {
                return cutoff;
            }
        }

        return null;
    }
}
