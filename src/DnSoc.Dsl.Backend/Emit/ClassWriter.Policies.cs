using DnSoc.Dsl.Language.Ir;

namespace DnSoc.Dsl.Backend.Emit;

/// <summary>Run-time policies (docs/dynamic.md): the plain loop of a policy layer and the policies' tables.</summary>
internal sealed partial class ClassWriter
{
    // docs/dynamic.md: layers under a row cutoff or a layer precision run a plain loop in both flavours;
    // skipped synapses are neither added nor tested. Low-precision weights can exceed the layer's own
    // range after rounding, so both clamps stay.
    internal void PolicyDeliver(LayerIr layer)
    {
        var m = layer.Index;
        using (w.Block($"for (int j = 0; j < {layer.Size}; j++)"))
        {
            SkipCutSynapse(m);
            w.Line($"v = v{m}[j] + {PolicyWeightAt(layer)};");
            Saturate(layer, Plan(layer).AddClamps);
            FireAndStore(layer, "j");
        }
    }

    private void SkipCutSynapse(int m)
    {
        if (network.Policies.RowCutoff(m) is not null)
        {
            w.Line($"if (Rank{m}[row + j] >= keep{m}) continue;");
        }
    }

    /// <summary>Synapse (row + j) of a policy layer: its weight, or in low precision its rounded top bits.</summary>
    private string PolicyWeightAt(LayerIr layer) =>
        network.Policies.Precision(layer.Index) is { } precision
            ? $"(low{layer.Index} ? WL{layer.Index}[row + j] << {precision.Shift} : {kernel.ScalarWeightAt(layer, "row + j")})"
            : kernel.ScalarWeightAt(layer, "row + j");

    /// <summary>The policies' tables: row-cutoff ranks and low-precision weights.</summary>
    private void PolicyTables()
    {
        foreach (var cut in network.Policies.RowCutoffs)
        {
            var layer = network.Layers[cut.LayerIndex];
            w.Line($"// '{layer.Name}' row cutoff ranks: position of each synapse in its row sorted by |w| descending");
            TableOf($"Rank{cut.LayerIndex}", cut.Ranks.ToArray());
        }

        foreach (var precision in network.Policies.Precisions)
        {
            var layer = network.Layers[precision.LayerIndex];
            w.Line($"// '{layer.Name}' low-precision weights: each weight rounded to its top {precision.LowBits} bits, in units of 2^{precision.Shift}");
            TableOf($"WL{precision.LayerIndex}", precision.LowWeights.ToArray());
        }
    }
}
